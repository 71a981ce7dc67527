package io.hetumind.nodes.files;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.BinaryRef;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Node;
import io.hetumind.core.model.OnError;
import io.hetumind.core.model.PairedItem;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.NodeParameters;
import io.hetumind.core.spi.NodePolicy;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.core.spi.PropertySpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Read/Write Files from Disk (n8n 1, 1.1), confined to the host's files directory ({@link FilesDir}) instead of
 * n8n's {@code N8N_RESTRICT_FILE_ACCESS_TO}. Read: one item per file matching a glob, its binary in {@code
 * options.dataPropertyName} and n8n's metadata as JSON; 1.1 fails an item whose glob matches nothing. Write: the
 * item's binary field to a file (truncated, or appended with {@code options.append}, created either way), the input
 * item passed on with {@code fileName}. As n8n 2.8's file helpers: a symbolic link is never followed at the last
 * step ("Symlinks are not allowed."), only regular files are written, and the folder of a new file must exist.
 */
public final class ReadWriteFileNode implements NodeType {

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("hetumind.readWriteFile")
            .versions(1, 1.1)
            .displayName("Read/Write Files from Disk")
            .description("Reads or writes files in the directory the host allows (" + FilesDir.ENV + ")")
            .group(NodeGroup.DATA)
            .icon("file")
            .alias("n8n-nodes-base.readWriteFile")
            .property(PropertySpec.options("operation")
                    .displayName("Operation")
                    .option("read", "Read File(s) From Disk", "Retrieve one or more files from the host")
                    .option("write", "Write File to Disk", "Create a binary file on the host")
                    .defaultValue("read")
                    .noExpression())
            .property(PropertySpec.string("fileSelector")
                    .displayName("File(s) Selector")
                    .defaultValue("")
                    .required()
                    .placeholder("e.g. /home/user/Pictures/**/*.png")
                    .description("A file's path or a glob for several, absolute or relative to the files directory;"
                            + " always forward slashes")
                    .showWhen("operation", "read"))
            .property(PropertySpec.collection("options")
                    .displayName("Options")
                    .child(PropertySpec.string("fileExtension")
                            .displayName("File Extension")
                            .defaultValue("")
                            .placeholder("e.g. zip")
                            .description("Extension of the file in the output binary"))
                    .child(PropertySpec.string("fileName")
                            .displayName("File Name")
                            .defaultValue("")
                            .placeholder("e.g. data.zip")
                            .description("Name of the file in the output binary"))
                    .child(PropertySpec.string("mimeType")
                            .displayName("Mime Type")
                            .defaultValue("")
                            .placeholder("e.g. application/zip")
                            .description("Mime type of the file in the output binary"))
                    .child(PropertySpec.string("dataPropertyName")
                            .displayName("Put Output File in Field")
                            .defaultValue("data")
                            .placeholder("e.g. data")
                            .description("The name of the output binary field to put the file in"))
                    .showWhen("operation", "read"))
            .property(PropertySpec.string("fileName")
                    .displayName("File Path and Name")
                    .defaultValue("")
                    .required()
                    .placeholder("e.g. /data/example.jpg")
                    .description("Path and name of the file to write, with its extension")
                    .showWhen("operation", "write"))
            .property(PropertySpec.string("dataPropertyName")
                    .displayName("Input Binary Field")
                    .defaultValue("data")
                    .required()
                    .placeholder("e.g. data")
                    .description("The name of the input binary field containing the file to be written")
                    .showWhen("operation", "write"))
            .property(PropertySpec.collection("options")
                    .displayName("Options")
                    .child(PropertySpec.bool("append")
                            .displayName("Append")
                            .defaultValue(false)
                            .description("Whether to append to an existing file instead of replacing it"))
                    .showWhen("operation", "write"))
            .build();

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public NodeResult execute(NodeContext ctx) {
        NodePolicy.require(ctx, NodePolicy.Capability.LOCAL_FILES, "Read/Write Files from Disk");
        String operation = ctx.param("operation", 0, String.class, "read");
        if (!operation.equals("read") && !operation.equals("write")) {
            throw NodeException.user("parameter 'operation': '" + operation + "' is not read or write");
        }
        FilesDir dir = FilesDir.resolve(ctx);
        return eachItem(
                ctx, (i, item) -> operation.equals("read") ? read(ctx, dir, i) : List.of(write(ctx, dir, item, i)));
    }

    /** What one item becomes; a {@link NodeException} fails the item. */
    interface PerItem {
        List<Item> apply(int index, Item item);
    }

    /**
     * Runs {@code perItem} on every input item. With continue-on-fail a failed item becomes {@code {error}}: in line
     * where its output would have been (n8n's "continue"), or on the error output.
     */
    static NodeResult eachItem(NodeContext ctx, PerItem perItem) {
        List<Item> items = ctx.items();
        List<Item> out = new ArrayList<>();
        List<Item> errors = new ArrayList<>();
        boolean inline = ctx.onError() == OnError.CONTINUE;
        for (int i = 0; i < items.size(); i++) {
            try {
                out.addAll(perItem.apply(i, items.get(i)));
            } catch (NodeException e) {
                if (!ctx.continueOnFail()) {
                    throw e;
                }
                Item error = new Item(Json.object().put("error", e.getMessage()), null, new PairedItem(i, 0));
                (inline ? out : errors).add(error);
            }
        }
        return NodeResult.withErrors(List.of(out), errors);
    }

    private static List<Item> read(NodeContext ctx, FilesDir dir, int i) {
        String selector = ctx.param("fileSelector", i, String.class, "");
        if (selector.isBlank()) {
            throw NodeException.user("parameter 'fileSelector' is empty [item " + i + "]", i);
        }
        ObjectNode options = options(ctx, i);
        String property = text(options, "dataPropertyName");
        if (property == null || property.isEmpty()) {
            property = "data";
        }
        List<Path> files;
        try {
            files = dir.glob(selector);
        } catch (IOException e) {
            throw NodeException.operational(
                    "could not list files for '" + selector + "': " + e.getMessage() + " [item " + i + "]", e);
        }
        if (files.isEmpty() && ctx.node().typeVersion() > 1) {
            throw NodeException.user(
                    "No file(s) found: no file matching the selector \"" + selector + "\" found [item " + i + "]", i);
        }
        List<Item> out = new ArrayList<>();
        for (Path file : files) {
            BinaryRef ref = storeFile(ctx, dir, file, i);
            ref = new BinaryRef(
                    ref.id(),
                    options.has("mimeType") ? text(options, "mimeType") : ref.mimeType(),
                    options.has("fileName") ? text(options, "fileName") : ref.fileName(),
                    options.has("fileExtension") ? text(options, "fileExtension") : ref.fileExtension(),
                    ref.fileType(),
                    ref.fileSize());
            ObjectNode json = Json.object();
            putText(json, "mimeType", ref.mimeType());
            putText(json, "fileType", ref.fileType());
            putText(json, "fileName", ref.fileName());
            putText(json, "fileExtension", ref.fileExtension());
            json.put("fileSize", BinaryFiles.prettySize(ref.fileSize()));
            out.add(new Item(json, Map.of(property, ref), new PairedItem(i, 0)));
        }
        return out;
    }

    private static BinaryRef storeFile(NodeContext ctx, FilesDir dir, Path file, int i) {
        String shown = dir.base().relativize(file).toString();
        if (Files.isSymbolicLink(file)) {
            throw NodeException.user("Symlinks are not allowed: '" + shown + "' [item " + i + "]", i);
        }
        try {
            return ReadBinaryFilesNode.store(ctx, file, i, LinkOption.NOFOLLOW_LINKS);
        } catch (AccessDeniedException e) {
            throw NodeException.user("You don't have the permissions to access " + shown + " [item " + i + "]", i);
        } catch (NoSuchFileException e) {
            throw NodeException.user("The file \"" + shown + "\" could not be accessed. [item " + i + "]", i);
        } catch (IOException e) {
            throw NodeException.operational(
                    "could not read '" + shown + "': " + e.getMessage() + " [item " + i + "]", e);
        }
    }

    /** Writes the item's binary to {@code fileName}; shared with the legacy Write Binary File node. */
    static Item write(NodeContext ctx, FilesDir dir, Item item, int i) {
        String fileName = ctx.param("fileName", i, String.class, "");
        if (fileName.isBlank()) {
            throw NodeException.user("parameter 'fileName' is empty [item " + i + "]", i);
        }
        String property = ctx.param("dataPropertyName", i, String.class, "data");
        boolean append = Boolean.TRUE.equals(ctx.param("options.append", i, Boolean.class, false));
        BinaryRef ref = item.binary().get(property);
        if (ref == null) {
            throw NodeException.user(
                    "This operation expects the node's input data to contain a binary file '" + property
                            + "', but none was found [item " + i + "]",
                    i);
        }
        Path target = dir.writable(fileName, i);
        List<OpenOption> open = new ArrayList<>(
                List.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE, LinkOption.NOFOLLOW_LINKS));
        open.add(append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
        try (InputStream in = BinaryFiles.store(ctx, i).open(ref);
                OutputStream sink = Files.newOutputStream(target, open.toArray(OpenOption[]::new))) {
            in.transferTo(sink);
        } catch (FileSystemLoopException e) {
            throw NodeException.user("Symlinks are not allowed: '" + fileName + "' [item " + i + "]", i);
        } catch (AccessDeniedException e) {
            throw NodeException.user(
                    "You don't have the permissions to write the file " + fileName + " [item " + i + "]", i);
        } catch (IOException e) {
            if (Files.isSymbolicLink(target)) {
                throw NodeException.user("Symlinks are not allowed: '" + fileName + "' [item " + i + "]", i);
            }
            throw NodeException.operational(
                    "could not write '" + fileName + "': " + e.getMessage() + " [item " + i + "]", e);
        }
        ObjectNode json = item.json().deepCopy();
        json.put("fileName", fileName);
        return new Item(json, new LinkedHashMap<>(item.binary()), new PairedItem(i, 0));
    }

    private static ObjectNode options(NodeParameters ctx, int i) {
        var raw = ctx.param("options", i, com.fasterxml.jackson.databind.JsonNode.class, null);
        return raw instanceof ObjectNode o ? o : Json.object();
    }

    private static String text(ObjectNode o, String key) {
        var v = o.get(key);
        return v == null || v.isNull() ? null : v.isTextual() ? v.asText() : v.toString();
    }

    private static void putText(ObjectNode json, String key, String value) {
        if (value != null) {
            json.put(key, value);
        }
    }

    @Override
    public Optional<NodePolicy.Capability> capability(Node node) {
        return Optional.of(NodePolicy.Capability.LOCAL_FILES);
    }
}
