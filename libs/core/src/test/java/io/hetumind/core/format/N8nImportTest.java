package io.hetumind.core.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import java.util.List;
import org.junit.jupiter.api.Test;

class N8nImportTest {

    private final NodeRegistry registry = NodeRegistry.of(List.of(
            type("hetumind.manualTrigger", "n8n-nodes-base.manualTrigger", true),
            type("hetumind.noOp", "n8n-nodes-base.noOp", false)));

    private static NodeType type(String id, String alias, boolean trigger) {
        NodeDescriptor.Builder b = NodeDescriptor.builder(id).displayName(id).alias(alias);
        NodeDescriptor d = (trigger ? b.trigger() : b).build();
        return new NodeType() {
            public NodeDescriptor descriptor() {
                return d;
            }

            public NodeResult execute(io.hetumind.core.spi.NodeContext ctx) {
                return NodeResult.of(ctx.items());
            }
        };
    }

    private static final String EXPORT =
            """
            {"name":"From n8n","nodes":[
              {"parameters":{},"id":"1","name":"When clicking","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"position":[0,0]},
              {"parameters":{},"id":"2","name":"No Operation","type":"n8n-nodes-base.noOp","typeVersion":1,"position":[200,0],
               "retryOnFail":true,"maxTries":4,"waitBetweenTries":500,"continueOnFail":true}%s],
             "connections":{"When clicking":{"main":[[{"node":"No Operation","type":"main","index":0}]]}},
             "active":false,"settings":{},"versionId":"abc","meta":{"instanceId":"x"},"tags":[]}
            """;

    @Test
    void mapsTypesPoliciesAndLegacyOrder() {
        N8nImport.Result r = N8nImport.convert(EXPORT.formatted(""), registry);
        assertThat(r.ok()).isTrue();
        var noOp = r.workflow().node("No Operation").orElseThrow();
        assertThat(noOp.type()).isEqualTo("hetumind.noOp");
        assertThat(noOp.retry().maxTries()).isEqualTo(4);
        assertThat(noOp.retry().waitMs()).isEqualTo(500);
        assertThat(noOp.onError()).isEqualTo(io.hetumind.core.model.OnError.CONTINUE);
        assertThat(r.workflow().settings().executionOrder()).isEqualTo("v0");
    }

    @Test
    void listsEveryUnsupportedNode() {
        String extra = ",{\"name\":\"Sheet\",\"type\":\"n8n-nodes-base.googleSheets\",\"typeVersion\":4}"
                + ",{\"name\":\"Bot\",\"type\":\"n8n-nodes-base.telegram\",\"typeVersion\":1}";
        N8nImport.Result r = N8nImport.convert(EXPORT.formatted(extra), registry);
        assertThat(r.unsupported())
                .containsExactly("n8n-nodes-base.googleSheets (node 'Sheet')", "n8n-nodes-base.telegram (node 'Bot')");
    }
}
