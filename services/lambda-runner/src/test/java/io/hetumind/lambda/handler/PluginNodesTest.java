package io.hetumind.lambda.handler;

import static io.hetumind.lambda.handler.RunnerHandlerTest.invoke;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.lambda.PluginTestResource;
import io.hetumind.lambda.S3TestResource;
import io.hetumind.sdk.plugin.Plugins;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * Node plugins on Lambda: the jars of {@code hetumind.lambda.plugins-dir} (a layer's {@code /opt/hetumind/plugins})
 * load when the function starts and their nodes run in workflows like built-in ones; a plugin built for another SDK
 * is refused, and the function starts without it.
 */
@QuarkusTest
@QuarkusTestResource(S3TestResource.class)
@QuarkusTestResource(PluginTestResource.class)
class PluginNodesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Plugins plugins;

    @Test
    void aPluginNodeRunsInAWorkflowAndAnIncompatiblePluginIsRefused() throws Exception {
        assertThat(plugins.loaded()).extracting(p -> p.label()).containsExactly("acme-stamp@1.0.0");
        assertThat(plugins.refused())
                .singleElement()
                .satisfies(r -> assertThat(r.message()).contains("acme-future").contains("99.0.0"));

        JsonNode r = invoke(request(PluginTestResource.STAMP_TYPE));
        assertThat(r.path("status").asText()).as(r.toString()).isEqualTo("SUCCESS");
        assertThat(r.path("output").toString())
                .isEqualTo(JSON.readTree("[{\"x\":1,\"stamp\":\"batch-7#0\"},{\"x\":10,\"stamp\":\"batch-7#1\"}]")
                        .toString());

        JsonNode refused = invoke(request(PluginTestResource.FUTURE_TYPE));
        assertThat(refused.path("status").asText()).isEqualTo("ERROR");
        assertThat(refused.path("error").path("type").asText()).isEqualTo("workflow-invalid");
        assertThat(refused.path("error").path("message").asText()).contains(PluginTestResource.FUTURE_TYPE);
    }

    private static ObjectNode request(String type) throws Exception {
        return (ObjectNode) JSON.readTree(
                """
                {"workflow": {"name": "stamped", "nodes": [
                   {"id": "s", "name": "Start", "type": "hetumind.manualTrigger", "typeVersion": 1, "position": [0, 0],
                    "parameters": {}},
                   {"id": "p", "name": "Stamp", "type": "%s", "typeVersion": 1, "position": [200, 0],
                    "parameters": {"label": "={{ 'batch-' + 7 }}"}}],
                  "connections": {"Start": {"main": [[{"node": "Stamp", "type": "main", "index": 0}]]}}},
                 "input": [{"x": 1}, {"x": 10}],
                 "options": {"timeBudgetMs": 20000}}
                """
                        .formatted(type));
    }
}
