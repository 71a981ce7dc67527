package io.hetumind.nodes.files;

import io.hetumind.core.model.Node;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.NodePolicy;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.core.spi.PropertySpec;
import java.util.List;
import java.util.Optional;

/**
 * Write Binary File (n8n's legacy v1, replaced by Read/Write Files from Disk): per item, a binary property to a file,
 * and the item's JSON gains {@code fileName}. Writes only inside the host's files directory, as Read/Write Files does.
 */
public final class WriteBinaryFileNode implements NodeType {

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("hetumind.writeBinaryFile")
            .versions(1)
            .displayName("Write Binary File")
            .description("Writes a binary file into the directory the host allows (" + FilesDir.ENV + ")")
            .group(NodeGroup.DATA)
            .icon("file-export")
            .alias("n8n-nodes-base.writeBinaryFile")
            .property(PropertySpec.string("fileName")
                    .displayName("File Name")
                    .required()
                    .placeholder("/data/example.jpg")
                    .description("Path to which the file should be written"))
            .property(PropertySpec.string("dataPropertyName")
                    .displayName("Property Name")
                    .defaultValue("data")
                    .required()
                    .description("Name of the binary property which contains the data for the file to be written"))
            .property(PropertySpec.collection("options")
                    .displayName("Options")
                    .child(PropertySpec.bool("append")
                            .displayName("Append")
                            .description("Whether to append to an existing file")))
            .build();

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public NodeResult execute(NodeContext ctx) {
        NodePolicy.require(ctx, NodePolicy.Capability.LOCAL_FILES, "Write Binary File");
        FilesDir dir = FilesDir.resolve(ctx);
        return ReadWriteFileNode.eachItem(ctx, (i, item) -> List.of(ReadWriteFileNode.write(ctx, dir, item, i)));
    }

    @Override
    public Optional<NodePolicy.Capability> capability(Node node) {
        return Optional.of(NodePolicy.Capability.LOCAL_FILES);
    }
}
