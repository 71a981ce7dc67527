package io.hetumind.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.core.spi.PropertySpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeHarnessTest {

    /** Signs each item with a credential's key; fails on an item without {@code text}. */
    static final class Sign implements NodeType {
        public NodeDescriptor descriptor() {
            return NodeDescriptor.builder("acme.sign")
                    .displayName("Sign")
                    .property(PropertySpec.string("prefix"))
                    .build();
        }

        public NodeResult execute(NodeContext ctx) {
            String key = ctx.credentials("acmeApi")
                    .map(c -> c.get("key").asText())
                    .orElseThrow(() -> NodeException.user("no acmeApi credential"));
            List<Item> out = new ArrayList<>();
            for (int i = 0; i < ctx.items().size(); i++) {
                var json = ctx.items().get(i).json();
                if (!json.has("text")) {
                    throw NodeException.user("item has no text", i);
                }
                out.add(Item.of(json.deepCopy()
                        .put(
                                "signed",
                                ctx.param("prefix", i, String.class)
                                        + json.get("text").asText() + "/" + key)));
            }
            return NodeResult.of(out);
        }
    }

    @Test
    void runsTheNodeBehindATriggerWithRenderedParametersAndCredentials() {
        NodeHarness.Outcome out = NodeHarness.of(new Sign())
                .parameters("{\"prefix\":\"={{ $env.PREFIX }}:\"}")
                .env("PREFIX", "v1")
                .credential("acmeApi", "{\"key\":\"k-42\"}")
                .input("[{\"text\":\"a\"},{\"text\":\"b\"}]")
                .run();
        assertThat(out.succeeded()).isTrue();
        assertThat(out.status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(out.json()).extracting(j -> j.get("signed").asText()).containsExactly("v1:a/k-42", "v1:b/k-42");
    }

    @Test
    void aFailingNodeGivesItsErrorWithNodeAndItemIndex() {
        NodeHarness.Outcome out = NodeHarness.of(new Sign())
                .credential("acmeApi", "{\"key\":\"k\"}")
                .input("[{\"text\":\"a\"},{}]")
                .run();
        assertThat(out.succeeded()).isFalse();
        assertThat(out.status()).isEqualTo(ExecutionStatus.ERROR);
        assertThat(out.error().message()).isEqualTo("item has no text");
        assertThat(out.error().node()).isEqualTo(NodeHarness.NODE);
        assertThat(out.error().itemIndex()).isEqualTo(1);
        assertThat(out.items()).isEmpty();

        NodeHarness.Outcome noCredential = NodeHarness.of(new Sign()).run();
        assertThat(noCredential.error().message()).isEqualTo("no acmeApi credential");
    }

    @Test
    void badHarnessInputIsRefusedClearly() {
        assertThatThrownBy(() -> NodeHarness.of(new Sign()).parameters("[1]"))
                .hasMessage("parameters must be a JSON object, got: [1]");
        assertThatThrownBy(() -> NodeHarness.of(new Sign()).input("[1]"))
                .hasMessage("input item 0 is not a JSON object: 1");
    }
}
