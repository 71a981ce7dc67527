package io.hetumind.nodes.ai;

import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.core.spi.CredentialRegistry;
import io.hetumind.core.spi.DescriptorJson;
import io.hetumind.core.spi.NodeType;
import org.junit.jupiter.api.Test;

/** The AI nodes load through ServiceLoader with valid descriptors, n8n aliases and known credentials. */
class AiRegistryTest {

    @Test
    void everyAiNodeIsRegisteredUnderItsN8nNameWithCredentialsThatExist() {
        var ai = AiRun.REGISTRY.all().stream()
                .filter(t -> t.getClass().getName().startsWith("io.hetumind.nodes.ai."))
                .toList();
        assertThat(ai).hasSizeGreaterThanOrEqualTo(17);
        for (NodeType t : ai) {
            String n8n = t.descriptor().aliases().getFirst();
            if (t instanceof io.hetumind.nodes.ai.tool.NodeAsToolNode) {
                // n8n's tool variant of an ordinary node: its base name + "Tool"
                assertThat(n8n).startsWith("n8n-nodes-base.").endsWith("Tool");
            } else {
                assertThat(n8n).startsWith("@n8n/n8n-nodes-langchain.");
            }
            assertThat(AiRun.REGISTRY.find(n8n)).containsSame(t);
        }
        CredentialRegistry credentials = CredentialRegistry.load();
        assertThat(credentials
                        .find("openAiApi")
                        .orElseThrow()
                        .property("apiKey")
                        .secret())
                .isTrue();
        assertThat(credentials
                        .find("anthropicApi")
                        .orElseThrow()
                        .property("apiKey")
                        .secret())
                .isTrue();
        assertThat(credentials.checkNodes(AiRun.REGISTRY)).isEmpty();
    }

    @Test
    void descriptorsTellTheDesignerWhatASubNodeSuppliesAndWhatARootTakes() {
        var agent = DescriptorJson.write(
                AiRun.REGISTRY.find("hetumind.agent").orElseThrow().descriptor());
        assertThat(agent.get("subInputs").toString())
                .isEqualTo(
                        "[{\"type\":\"ai_languageModel\",\"displayName\":\"Chat Model\",\"required\":true,\"max\":2},"
                                + "{\"type\":\"ai_memory\",\"displayName\":\"Memory\",\"required\":false,\"max\":1},"
                                + "{\"type\":\"ai_tool\",\"displayName\":\"Tool\",\"required\":false,\"max\":0},"
                                + "{\"type\":\"ai_outputParser\",\"displayName\":\"Output Parser\",\"required\":false,\"max\":1,"
                                + "\"showWhen\":{\"hasOutputParser\":[true]}}]");
        assertThat(agent.get("supplies")).isEmpty();
        var model = DescriptorJson.write(
                AiRun.REGISTRY.find("hetumind.lmChatOpenAi").orElseThrow().descriptor());
        assertThat(model.get("supplies").toString()).isEqualTo("[\"ai_languageModel\"]");
        assertThat(model.get("inputs")).isEmpty();
        assertThat(model.get("outputs")).isEmpty();
        assertThat(model.has("errorOutput")).isFalse();
    }
}
