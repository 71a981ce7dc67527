package io.hetumind.nodes.ui;

import io.hetumind.core.model.Node;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.core.spi.PropertySpec;

/**
 * Sticky Note: a note on the canvas, as n8n draws it. It has no ports, so nothing connects to it and no run reaches it;
 * workflows keep it (content, size, colour) so an n8n export round-trips with its notes.
 */
public final class StickyNoteNode implements NodeType {

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("hetumind.stickyNote")
            .versions(1)
            .displayName("Sticky Note")
            .description("A note on the canvas; never runs")
            .group(NodeGroup.UTILITY)
            .icon("sticky-note")
            .alias("n8n-nodes-base.stickyNote")
            .inputs()
            .outputs()
            .property(PropertySpec.string("content")
                    .displayName("Content")
                    .defaultValue("## I'm a note \n**Double click** to edit me.")
                    .editor("markdown")
                    .noExpression())
            .property(PropertySpec.number("height").displayName("Height").defaultValue(160))
            .property(PropertySpec.number("width").displayName("Width").defaultValue(240))
            .property(PropertySpec.number("color").displayName("Color").defaultValue(1))
            .build();

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public NodeResult execute(NodeContext ctx) {
        // Unreachable: a node without ports has no incoming connection and is no trigger.
        throw NodeException.user("a sticky note is not a step and does not run");
    }

    @Override
    public boolean replaySafe(Node node) {
        return true;
    }
}
