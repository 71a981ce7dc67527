package io.hetumind.studio.workflow;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.testkit.Iam;
import io.hetumind.testkit.IamAndDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Remove Duplicates' history between executions in the studio ({@link ProcessedData}): kept in PostgreSQL per tenant
 * and workflow, shared by queued and inline runs, taken by one execution at a time, and gone with the workflow.
 */
@QuarkusTest
@WithTestResource(IamAndDatabase.class)
class ProcessedDataTest {

    private static final String WORKFLOW =
            """
            {"name": "new orders", "nodes": [
              {"id": "t", "name": "Manual Trigger", "type": "n8n-nodes-base.manualTrigger", "typeVersion": 1,
               "position": [0, 0], "parameters": {}},
              {"id": "d", "name": "Dedupe", "type": "n8n-nodes-base.removeDuplicates", "typeVersion": 2,
               "position": [200, 0], "parameters": {"operation": "removeItemsSeenInPreviousExecutions",
               "dedupeValue": "={{ $json.id }}"}}],
             "connections": {"Manual Trigger": {"main": [[{"node": "Dedupe", "type": "main", "index": 0}]]}}}
            """;

    @Inject
    DataSource db;

    private static RequestSpecification as(Iam tenant) {
        return given().auth().oauth2(tenant.ownerToken()).contentType(ContentType.JSON);
    }

    private static String create(Iam tenant) {
        return as(tenant)
                .body(WORKFLOW)
                .post("/api/v1/workflows")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    /** Runs the workflow on {@code ids} and answers the ids Remove Duplicates kept. */
    private static List<Integer> kept(Iam tenant, String workflow, String mode, int... ids) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (int id : ids) {
            items.add(Map.of("id", id));
        }
        var run = as(tenant)
                .body(Map.of("items", items, "mode", mode))
                .post("/api/v1/workflows/" + workflow + "/execute")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(run.getString("status")).as("%s", run.prettify()).isEqualTo("success");
        List<Integer> out = run.getList("runData.Dedupe[0].data.main[0].json.id");
        return out == null ? List.of() : out;
    }

    private int rows(String workflow) throws Exception {
        try (Connection c = db.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("SELECT count(*) FROM processed_data WHERE workflow_id = ?")) {
            ps.setObject(1, UUID.fromString(workflow));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    @Test
    void itemsSeenByAnEarlierExecutionAreRemovedPerTenantAndWorkflow() throws Exception {
        Iam acme = Iam.newTenant();
        Iam other = Iam.newTenant();
        String wf = create(acme);
        assertThat(kept(acme, wf, "inline", 1, 2)).containsExactly(1, 2);
        // a queued run on any worker reads the same history
        assertThat(kept(acme, wf, "queued", 2, 3, 1)).containsExactly(3);
        assertThat(kept(acme, wf, "inline", 3, 4)).containsExactly(4);
        // another workflow, and another tenant's copy, start from nothing
        assertThat(kept(acme, create(acme), "inline", 1, 2)).containsExactly(1, 2);
        String theirs = create(other);
        assertThat(kept(other, theirs, "queued", 1, 2, 3)).containsExactly(1, 2, 3);
        assertThat(rows(wf)).isEqualTo(1);

        // the history goes with its workflow
        as(acme).delete("/api/v1/workflows/" + wf).then().statusCode(204);
        assertThat(rows(wf)).isZero();
        assertThat(rows(theirs)).isEqualTo(1);
    }

    @Test
    void concurrentExecutionsNeverBothTakeAValueAsNew() throws Exception {
        Iam acme = Iam.newTenant();
        String wf = create(acme);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<List<Integer>>> runs = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String mode = i % 2 == 0 ? "queued" : "inline";
                int own = 100 + i;
                runs.add(pool.submit((Callable<List<Integer>>) () -> kept(acme, wf, mode, 42, own)));
            }
            List<Integer> all = new ArrayList<>();
            for (Future<List<Integer>> r : runs) {
                all.addAll(r.get());
            }
            // 42 is new to exactly one of them; each run's own value is new to it
            assertThat(all.stream().filter(v -> v == 42)).hasSize(1);
            assertThat(all).containsAll(List.of(100, 101, 102, 103, 104, 105)).hasSize(7);
        } finally {
            pool.shutdownNow();
        }
    }
}
