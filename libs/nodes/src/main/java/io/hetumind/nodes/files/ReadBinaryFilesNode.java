package io.hetumind.nodes.files;

import io.hetumind.core.model.BinaryRef;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Node;
import io.hetumind.core.model.PairedItem;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.NodePolicy;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.core.spi.PropertySpec;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Read Binary Files (n8n v1): one item per file matching a glob, read only from the host's files directory. */
public final class ReadBinaryFilesNode implements NodeType {

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("hetumind.readBinaryFiles")
            .versions(1)
            .displayName("Read Binary Files")
            .description("Reads files matching a glob from the directory the host allows (" + FilesDir.ENV + ")")
            .group(NodeGroup.DATA)
            .icon("file-import")
            .alias("n8n-nodes-base.readBinaryFiles")
            .property(PropertySpec.string("fileSelector")
                    .displayName("File Selector")
                    .required()
                    .placeholder("*.jpg")
                    .description("Glob of the files to read, absolute or relative to the files directory"))
            .property(PropertySpec.string("dataPropertyName")
                    .displayName("Property Name")
                    .defaultValue("data")
                    .required()
                    .description("Name of the binary property to which to write the data of the read files"))
            .build();

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public NodeResult execute(NodeContext ctx) {
        NodePolicy.require(ctx, NodePolicy.Capability.LOCAL_FILES, "Read Binary Files");
        String selector = ctx.param("fileSelector", 0, String.class, "");
        if (selector.isBlank()) {
            throw NodeException.user("parameter 'fileSelector' is empty");
        }
        String property = ctx.param("dataPropertyName", 0, String.class, "data");
        FilesDir dir = FilesDir.resolve(ctx);
        List<Item> out = new ArrayList<>();
        try {
            for (Path file : dir.glob(selector)) {
                out.add(new Item(Json.object(), Map.of(property, store(ctx, file)), new PairedItem(0, 0)));
            }
        } catch (IOException e) {
            throw NodeException.operational("could not read files for '" + selector + "': " + e.getMessage(), e);
        }
        return NodeResult.of(out);
    }

    private static BinaryRef store(NodeContext ctx, Path file) throws IOException {
        return store(ctx, file, 0);
    }

    /** Stores {@code file} as n8n's {@code prepareBinaryData} would: MIME by extension, else sniffed, else text. */
    static BinaryRef store(NodeContext ctx, Path file, int itemIndex, OpenOption... open) throws IOException {
        String name = file.getFileName().toString();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file, open))) {
            String mime = BinaryFiles.mimeByName(name);
            if (mime == null) {
                // no known extension: sniff the content as n8n does (mark/reset keeps the stream whole)
                String sniffed = URLConnection.guessContentTypeFromStream(in);
                mime = sniffed != null ? sniffed : "text/plain";
            }
            return BinaryFiles.put(ctx, itemIndex, in, name, mime);
        }
    }

    @Override
    public Optional<NodePolicy.Capability> capability(Node node) {
        return Optional.of(NodePolicy.Capability.LOCAL_FILES);
    }
}
