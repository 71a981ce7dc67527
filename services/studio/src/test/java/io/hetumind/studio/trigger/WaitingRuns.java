package io.hetumind.studio.trigger;

import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.function.Supplier;

/** Starting a workflow inline through the API and following its execution, for the tests of runs that wait. */
final class WaitingRuns {

    private final Supplier<RequestSpecification> api;

    WaitingRuns(Supplier<RequestSpecification> api) {
        this.api = api;
    }

    /** Creates the workflow and executes it inline; the execute call's answer. */
    JsonPath start(String json) {
        String wf = api.get()
                .body(json)
                .post("/api/v1/workflows")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        return api.get()
                .body(Map.of("mode", "inline"))
                .post("/api/v1/workflows/" + wf + "/execute")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    String status(String id) {
        return api.get()
                .get("/api/v1/executions/" + id)
                .then()
                .statusCode(200)
                .extract()
                .path("status");
    }

    /** The execution once it neither waits nor runs, polled for up to 30 s. */
    JsonPath awaitSettled(String id) throws InterruptedException {
        for (long end = System.currentTimeMillis() + 30_000; System.currentTimeMillis() < end; Thread.sleep(50)) {
            JsonPath r =
                    api.get().get("/api/v1/executions/" + id).then().extract().jsonPath();
            if (!"waiting".equals(r.getString("status")) && !"running".equals(r.getString("status"))) {
                return r;
            }
        }
        throw new AssertionError("execution " + id + " did not settle");
    }
}
