package io.hetumind.nodes.files;

import io.hetumind.core.model.BinaryRef;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Node;
import io.hetumind.core.model.PairedItem;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.NodePolicy;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.core.spi.PropertySpec;
import java.io.IOException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Read Binary File (n8n's legacy v1, replaced by Read/Write Files from Disk): per item, one file by its path into a
 * binary property of the item, which keeps its JSON and other binaries. Reads only inside the host's files directory.
 */
public final class ReadBinaryFileNode implements NodeType {

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("hetumind.readBinaryFile")
            .versions(1)
            .displayName("Read Binary File")
            .description("Reads a binary file from the directory the host allows (" + FilesDir.ENV + ")")
            .group(NodeGroup.DATA)
            .icon("file-import")
            .alias("n8n-nodes-base.readBinaryFile")
            .property(PropertySpec.string("filePath")
                    .displayName("File Path")
                    .required()
                    .placeholder("/data/example.jpg")
                    .description("Path of the file to read, absolute or relative to the files directory"))
            .property(PropertySpec.string("dataPropertyName")
                    .displayName("Property Name")
                    .defaultValue("data")
                    .required()
                    .description("Name of the binary property to which to write the data of the read file"))
            .build();

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public NodeResult execute(NodeContext ctx) {
        NodePolicy.require(ctx, NodePolicy.Capability.LOCAL_FILES, "Read Binary File");
        FilesDir dir = FilesDir.resolve(ctx);
        return ReadWriteFileNode.eachItem(ctx, (i, item) -> List.of(read(ctx, dir, item, i)));
    }

    private static Item read(NodeContext ctx, FilesDir dir, Item item, int i) {
        String path = ctx.param("filePath", i, String.class, "");
        if (path.isBlank()) {
            throw NodeException.user("parameter 'filePath' is empty [item " + i + "]", i);
        }
        String property = ctx.param("dataPropertyName", i, String.class, "data");
        BinaryRef ref;
        try {
            Path file = dir.readable(path, "filePath", i);
            ref = ReadBinaryFilesNode.store(ctx, file, i, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw NodeException.operational(
                    "could not read '" + path + "': " + e.getMessage() + " [item " + i + "]", e);
        }
        Map<String, BinaryRef> binary = new LinkedHashMap<>(item.binary());
        binary.put(property, ref);
        return new Item(item.json(), binary, new PairedItem(i, 0));
    }

    @Override
    public Optional<NodePolicy.Capability> capability(Node node) {
        return Optional.of(NodePolicy.Capability.LOCAL_FILES);
    }
}
