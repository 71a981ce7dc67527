package io.hetumind.nodes.ai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.format.WorkflowFormat;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.Json;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * HTTP Request with a Predefined Credential Type, as n8n exports often have it (calling a service's API with its own
 * credential): the credential signs the request as n8n's {@code authenticate} of that type does, against a real
 * server that echoes what it received.
 */
class HttpPredefinedCredentialTest {

    private static HttpServer server;
    private static String url;

    @BeforeAll
    static void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/echo", ex -> {
            ObjectNode seen = Json.object();
            ex.getRequestHeaders().forEach((k, v) -> seen.put(k.toLowerCase(java.util.Locale.ROOT), v.getFirst()));
            seen.put("query", ex.getRequestURI().getRawQuery());
            byte[] body = Json.write(seen).getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort() + "/echo";
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private static final Map<String, ObjectNode> CREDENTIALS = Map.of(
            "openAiApi", Json.object().put("apiKey", "sk-secret-1").put("organizationId", "org-9"),
            "anthropicApi", Json.object().put("apiKey", "ak-secret-2"),
            "googlePalmApi", Json.object().put("apiKey", "gk-secret-3"),
            "cohereApi", Json.object().put("apiKey", "co-secret-4"),
            "ollamaApi", Json.object().put("baseUrl", "http://127.0.0.1:1").put("apiKey", "ol-secret-5"),
            "httpHeaderAuth", Json.object().put("name", "X-Token").put("value", "hd-secret-6"));

    private static ExecutionResult call(String type, double version) {
        return call(new AiRun(CREDENTIALS), type, version);
    }

    private static ExecutionResult call(AiRun run, String type, double version) {
        String wf =
                """
                {"name":"predefined","nodes":[
                 {"id":"1","name":"Start","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"position":[0,0],
                  "parameters":{}},
                 {"id":"2","name":"HTTP","type":"n8n-nodes-base.httpRequest","typeVersion":%s,"position":[200,0],
                  "parameters":{"url":"%s","authentication":"predefinedCredentialType","nodeCredentialType":"%s",
                   "options":{}},
                  "credentials":{"%s":{"id":"c1","name":"mine"}}}],
                 "connections":{"Start":{"main":[[{"node":"HTTP","type":"main","index":0}]]}}}
                """
                        .formatted(version, url, type, type);
        return run.run(WorkflowFormat.readJson(wf), List.of(Item.of(Json.object())));
    }

    private static ObjectNode seen(ExecutionResult r) {
        assertThat(r.status()).as("%s", r.state().error()).isEqualTo(ExecutionStatus.SUCCESS);
        return r.output("HTTP", 0).getFirst().json();
    }

    @Test
    void eachServiceCredentialSignsAsN8nsAuthenticateDoes() {
        ObjectNode openAi = seen(call("openAiApi", 4.2));
        assertThat(openAi.get("authorization").asText()).isEqualTo("Bearer sk-secret-1");
        assertThat(openAi.get("openai-organization").asText()).isEqualTo("org-9");
        assertThat(seen(call("anthropicApi", 4.4)).get("x-api-key").asText()).isEqualTo("ak-secret-2");
        assertThat(seen(call("googlePalmApi", 3)).get("query").asText()).isEqualTo("key=gk-secret-3");
        assertThat(seen(call("cohereApi", 4.1)).get("authorization").asText()).isEqualTo("Bearer co-secret-4");
        assertThat(seen(call("ollamaApi", 4.3)).get("authorization").asText()).isEqualTo("Bearer ol-secret-5");
        // a generic HTTP type named as the predefined one signs as under Generic Credential Type
        assertThat(seen(call("httpHeaderAuth", 2)).get("x-token").asText()).isEqualTo("hd-secret-6");
    }

    @Test
    void aTypeThatCannotSignOrAMissingCredentialFailsNamingIt() {
        ExecutionResult r = call("slackApi", 4.2);
        assertThat(r.status()).isEqualTo(ExecutionStatus.ERROR);
        assertThat(r.state().error().message())
                .contains("cannot sign a request with credentials of type 'slackApi'")
                .contains("openAiApi")
                .contains("httpHeaderAuth");
        ExecutionResult none = call(new AiRun(Map.of()), "openAiApi", 4.2);
        assertThat(none.state().error().message()).contains("credentials of type 'openAiApi' are not set");
    }
}
