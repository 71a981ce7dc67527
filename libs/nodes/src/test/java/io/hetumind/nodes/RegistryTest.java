package io.hetumind.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.core.spi.NodeType;
import org.junit.jupiter.api.Test;

class RegistryTest {

    @Test
    void everyNodeLoadsWithValidDescriptorAndN8nAlias() {
        NodeRegistry registry = NodeRegistry.load();
        assertThat(registry.all()).hasSizeGreaterThanOrEqualTo(7);
        for (NodeType t : registry.all()) {
            if (!t.descriptor().type().startsWith("hetumind.")) {
                continue;
            }
            String name = t.descriptor().type().substring("hetumind.".length());
            assertThat(t.descriptor().aliases()).as(name).contains("n8n-nodes-base." + name);
            assertThat(registry.find("n8n-nodes-base." + name)).contains(t);
        }
    }
}
