package io.hetumind.studio.trigger;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.hetumind.testkit.Iam;
import io.hetumind.testkit.IamAndDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A RabbitMQ Trigger that removes a message only when its execution succeeded, on the machine's RabbitMQ
 * (127.0.0.1:5672, guest/guest): the host tells it how each queued execution ended, whichever worker ran it.
 */
@QuarkusTest
@WithTestResource(IamAndDatabase.class)
class RabbitMqListenTriggerTest {

    @Inject
    ListenerHost host;

    private String q;
    private Connection amqp;
    private Channel ch;

    @BeforeEach
    void open() throws Exception {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", 5672), 2_000);
        } catch (java.io.IOException e) {
            throw new AssertionError("RabbitMQ is not reachable at 127.0.0.1:5672 — .ci/run starts it");
        }
        q = "hm-studio-" + Long.toString(System.nanoTime(), 36);
        ConnectionFactory f = new ConnectionFactory();
        f.setHost("127.0.0.1");
        amqp = f.newConnection();
        ch = amqp.createChannel();
        ch.queueDeclare(q + "-ok", false, false, false, null);
        ch.queueDeclare(q + "-fail", false, false, false, null);
    }

    @AfterEach
    void close() throws Exception {
        ch.queueDelete(q + "-ok");
        ch.queueDelete(q + "-fail");
        amqp.close();
    }

    private static List<Map<String, Object>> runs(Iam t, String wf) {
        return given().auth()
                .oauth2(t.ownerToken())
                .queryParam("workflowId", wf)
                .get("/api/v1/executions")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items");
    }

    private static List<Map<String, Object>> await(Iam t, String wf, Predicate<List<Map<String, Object>>> done)
            throws InterruptedException {
        long until = System.currentTimeMillis() + 30_000;
        List<Map<String, Object>> runs = runs(t, wf);
        while (!done.test(runs) && System.currentTimeMillis() < until) {
            Thread.sleep(200);
            runs = runs(t, wf);
        }
        return runs;
    }

    private static String workflow(Iam t, String cred, String queue, boolean fail) {
        String stop = fail
                ? ",{\"id\":\"2\",\"name\":\"Fail\",\"type\":\"n8n-nodes-base.stopAndError\",\"typeVersion\":1,"
                        + "\"position\":[200,0],\"parameters\":{\"errorMessage\":\"refused\"}}"
                : "";
        String connections =
                fail ? "{\"Orders\":{\"main\":[[{\"node\":\"Fail\",\"type\":\"main\",\"index\":0}]]}}" : "{}";
        String json =
                """
                {"name":"on rabbitmq","nodes":[
                 {"id":"1","name":"Orders","type":"n8n-nodes-base.rabbitmqTrigger","typeVersion":1,"position":[0,0],
                  "parameters":{"queue":"%s","options":{"acknowledge":"executionFinishesSuccessfully",
                   "jsonParseBody":true}},
                  "credentials":{"rabbitmq":{"id":"%s","name":"broker"}}}%s],
                 "connections":%s}
                """
                        .formatted(queue, cred, stop, connections);
        String wf = given().auth()
                .oauth2(t.ownerToken())
                .contentType(ContentType.JSON)
                .body(json)
                .post("/api/v1/workflows")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        given().auth()
                .oauth2(t.ownerToken())
                .post("/api/v1/workflows/" + wf + "/activate")
                .then()
                .statusCode(200);
        return wf;
    }

    private int ready(String queue, int expected) throws Exception {
        int n = -1;
        for (int i = 0; i < 150 && n != expected; i++) {
            n = ch.queueDeclarePassive(queue).getMessageCount();
            Thread.sleep(100);
        }
        return n;
    }

    @Test
    void aSucceededExecutionRemovesItsMessageAndAFailedOnePutsItBack() throws Exception {
        Iam t = Iam.newTenant();
        String cred = given().auth()
                .oauth2(t.ownerToken())
                .contentType(ContentType.JSON)
                .body("{\"name\":\"broker\",\"type\":\"rabbitmq\",\"data\":{\"hostname\":\"127.0.0.1\",\"port\":5672,"
                        + "\"username\":\"guest\",\"password\":\"guest\",\"vhost\":\"/\"}}")
                .post("/api/v1/credentials")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String ok = workflow(t, cred, q + "-ok", false);
        String fail = workflow(t, cred, q + "-fail", true);
        host.reconcile();
        assertThat(host.down()).isEmpty();
        ch.basicPublish("", q + "-ok", null, "{\"n\":1}".getBytes(StandardCharsets.UTF_8));
        ch.basicPublish("", q + "-fail", null, "{\"n\":2}".getBytes(StandardCharsets.UTF_8));

        List<Map<String, Object>> okRuns =
                await(t, ok, r -> r.size() == 1 && "success".equals(r.getFirst().get("status")));
        assertThat(okRuns).hasSize(1);
        assertThat(okRuns.getFirst().get("status")).isEqualTo("success");
        List<Map<String, Object>> failRuns = await(t, fail, r -> r.size() >= 2);
        assertThat(failRuns.size())
                .as("the failed execution's message came back and ran again")
                .isGreaterThanOrEqualTo(2);

        for (String wf : List.of(ok, fail)) {
            given().auth()
                    .oauth2(t.ownerToken())
                    .post("/api/v1/workflows/" + wf + "/deactivate")
                    .then()
                    .statusCode(200);
        }
        host.reconcile();
        assertThat(ready(q + "-fail", 1))
                .as("the failing message is back in its queue")
                .isEqualTo(1);
        assertThat(ready(q + "-ok", 0)).as("the succeeded one is gone").isZero();
        assertThat(runs(t, ok)).as("ran once").hasSize(1);
    }
}
