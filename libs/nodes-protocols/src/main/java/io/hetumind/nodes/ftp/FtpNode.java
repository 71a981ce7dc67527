package io.hetumind.nodes.ftp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.BinaryRef;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.PairedItem;
import io.hetumind.core.spi.CredentialSlot;
import io.hetumind.core.spi.ErrorKind;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.NodeParameters;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.core.spi.PropertySpec;
import io.hetumind.nodes.credentials.Secrets;
import io.hetumind.nodes.files.BinaryFiles;
import io.hetumind.nodes.internal.PerItem;
import io.hetumind.nodes.net.PinnedAddress;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.net.MalformedServerReplyException;
import org.apache.sshd.common.SshException;
import org.apache.sshd.sftp.common.SftpException;

/**
 * FTP (n8n v1): list (optionally recursive), download, upload, rename and delete files on an FTP
 * or SFTP server over one connection per node run. The server is resolved once through the host's
 * network policy; the FTP client makes its passive data connections to that same address, the SFTP
 * client connects to it. Paths are the server's: it decides what they can reach (its root or chroot).
 */
public final class FtpNode implements NodeType {

    public static final String TYPE = "hetumind.ftp";

    /** The largest file a download keeps (it goes to the binary store in one piece). */
    static final long MAX_DOWNLOAD_BYTES = 512L << 20;

    /** The most entries a recursive listing collects. */
    static final int MAX_LIST_ENTRIES = 100_000;

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder(TYPE)
            .versions(1)
            .displayName("FTP")
            .description("Transfer files via FTP or SFTP")
            .group(NodeGroup.HTTP)
            .icon("server")
            .alias("n8n-nodes-base.ftp")
            .credential(new CredentialSlot("ftp", true).showWhen("protocol", "ftp"))
            .credential(new CredentialSlot("sftp", true).showWhen("protocol", "sftp"))
            .property(PropertySpec.options("protocol")
                    .displayName("Protocol")
                    .option("ftp", "FTP")
                    .option("sftp", "SFTP")
                    .defaultValue("ftp")
                    .description("File transfer protocol"))
            .property(PropertySpec.options("operation")
                    .displayName("Operation")
                    .option("delete", "Delete", "Delete a file/folder")
                    .option("download", "Download", "Download a file")
                    .option("list", "List", "List folder content")
                    .option("rename", "Rename", "Rename/move oldPath to newPath")
                    .option("upload", "Upload", "Upload a file")
                    .defaultValue("download")
                    .noExpression())
            .property(PropertySpec.string("path")
                    .displayName("Path")
                    .defaultValue("")
                    .required()
                    .placeholder("e.g. /public/documents/file-to-delete.txt")
                    .description("The file path of the file to delete. Has to contain the full path.")
                    .showWhen("operation", "delete"))
            .property(PropertySpec.collection("options")
                    .displayName("Options")
                    .placeholder("Add option")
                    .child(PropertySpec.bool("folder")
                            .displayName("Folder")
                            .defaultValue(false)
                            .description("Whether folders can be deleted"))
                    .child(PropertySpec.bool("recursive")
                            .displayName("Recursive")
                            .defaultValue(false)
                            .description("Whether to remove all files and directories in target directory")
                            .showWhen("folder", true))
                    .child(timeoutOption())
                    .showWhen("operation", "delete"))
            .property(PropertySpec.string("path")
                    .displayName("Path")
                    .defaultValue("")
                    .required()
                    .placeholder("e.g. /public/documents/file-to-download.txt")
                    .description("The file path of the file to download. Has to contain the full path.")
                    .showWhen("operation", "download"))
            .property(PropertySpec.string("binaryPropertyName")
                    .displayName("Put Output File in Field")
                    .defaultValue("data")
                    .required()
                    .description("The name of the output binary field to put the file in")
                    .showWhen("operation", "download"))
            .property(PropertySpec.collection("options")
                    .displayName("Options")
                    .placeholder("Add option")
                    .child(PropertySpec.bool("enableConcurrentReads")
                            .displayName("Enable Concurrent Reads")
                            .description("Whether to read the file in chunks, several at a time (SFTP); faster on"
                                    + " servers that allow it"))
                    .child(PropertySpec.number("maxConcurrentReads")
                            .displayName("Max Concurrent Reads")
                            .defaultValue(5)
                            .minValue(1)
                            .description("How many chunks are read at a time")
                            .showWhen("enableConcurrentReads", true))
                    .child(PropertySpec.number("chunkSize")
                            .displayName("Chunk Size")
                            .defaultValue(64)
                            .minValue(1)
                            .description("The size of a chunk, in KB")
                            .showWhen("enableConcurrentReads", true))
                    .child(timeoutOption())
                    .showWhen("operation", "download"))
            .property(PropertySpec.string("oldPath")
                    .displayName("Old Path")
                    .defaultValue("")
                    .required()
                    .placeholder("e.g. /public/documents/old-file.txt")
                    .showWhen("operation", "rename"))
            .property(PropertySpec.string("newPath")
                    .displayName("New Path")
                    .defaultValue("")
                    .required()
                    .placeholder("e.g. /public/documents/new-file.txt")
                    .showWhen("operation", "rename"))
            .property(PropertySpec.collection("options")
                    .displayName("Options")
                    .placeholder("Add Field")
                    .child(PropertySpec.bool("createDirectories")
                            .displayName("Create Directories")
                            .defaultValue(false)
                            .description("Whether to recursively create destination directory when renaming an"
                                    + " existing file or folder"))
                    .child(timeoutOption())
                    .showWhen("operation", "rename"))
            .property(PropertySpec.string("path")
                    .displayName("Path")
                    .defaultValue("")
                    .required()
                    .placeholder("e.g. /public/documents/file-to-upload.txt")
                    .description("The file path of the file to upload. Has to contain the full path.")
                    .showWhen("operation", "upload"))
            .property(PropertySpec.bool("binaryData")
                    .displayName("Binary File")
                    .defaultValue(true)
                    .description("Whether the content comes from a binary field (else from 'File Content')")
                    .showWhen("operation", "upload"))
            .property(PropertySpec.string("binaryPropertyName")
                    .displayName("Input Binary Field")
                    .defaultValue("data")
                    .required()
                    .description("The name of the input binary field containing the file to be written")
                    .showWhen("operation", "upload")
                    .showWhen("binaryData", true))
            .property(PropertySpec.string("fileContent")
                    .displayName("File Content")
                    .defaultValue("")
                    .description("The text content of the file to upload")
                    .showWhen("operation", "upload")
                    .showWhen("binaryData", false))
            .property(PropertySpec.collection("options")
                    .displayName("Options")
                    .placeholder("Add option")
                    .child(timeoutOption())
                    .showWhen("operation", "upload", "list"))
            .property(PropertySpec.string("path")
                    .displayName("Path")
                    .defaultValue("/")
                    .required()
                    .placeholder("e.g. /public/folder")
                    .description("Path of directory to list contents of")
                    .showWhen("operation", "list"))
            .property(PropertySpec.bool("recursive")
                    .displayName("Recursive")
                    .defaultValue(false)
                    .required()
                    .description("Whether to return object representing all directories / objects recursively found"
                            + " within SFTP server")
                    .showWhen("operation", "list"))
            .build();

    /** n8n's connection timeout (its default: options.timeout is 10 s when not set). */
    private static PropertySpec.Builder timeoutOption() {
        return PropertySpec.number("timeout")
                .displayName("Timeout")
                .defaultValue(10000)
                .minValue(1)
                .description("Connection timeout in milliseconds");
    }

    private final Duration connectTimeout;
    private final Duration ioTimeout;

    public FtpNode() {
        this(Duration.ofSeconds(10), Duration.ofSeconds(60));
    }

    /** With other bounds on connecting and on each wait for the server (tests). */
    FtpNode(Duration connectTimeout, Duration ioTimeout) {
        this.connectTimeout = connectTimeout;
        this.ioTimeout = ioTimeout;
    }

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public NodeResult execute(NodeContext ctx) {
        String protocol = ctx.param("protocol", 0, String.class, "ftp").toLowerCase(Locale.ROOT);
        if (!protocol.equals("ftp") && !protocol.equals("sftp")) {
            throw NodeException.user("parameter 'protocol': '" + protocol + "' is not one of ftp, sftp");
        }
        String operation = ctx.param("operation", 0, String.class, "download");
        if (!List.of("delete", "download", "list", "rename", "upload").contains(operation)) {
            throw NodeException.user(
                    "parameter 'operation': '" + operation + "' is not one of delete, download, list, rename, upload");
        }
        ObjectNode cred = ctx.credentials(protocol)
                .orElseThrow(
                        () -> NodeException.user("credentials of type '" + protocol + "' are not set for this node"));
        Secrets secrets =
                Secrets.of(protocol.equals("sftp") ? SftpCredential.DESCRIPTOR : FtpCredential.DESCRIPTOR, cred);
        String label = protocol.toUpperCase(Locale.ROOT);
        List<Item> items = ctx.items();
        List<Item> out = new ArrayList<>();
        List<Item> errors = new ArrayList<>();
        RemoteFiles files;
        PinnedAddress server = null;
        try {
            server = server(ctx, cred, label, protocol.equals("sftp") ? 22 : 21);
            long timeout = ctx.rawParam("options.timeout") == null
                    ? connectTimeout.toMillis()
                    : ctx.param("options.timeout", 0, Long.class, connectTimeout.toMillis());
            if (timeout < 1) {
                throw NodeException.user(
                        "parameter 'options.timeout': " + timeout + " is not a positive number of" + " milliseconds");
            }
            files = open(protocol, server, cred, Duration.ofMillis(timeout));
        } catch (NodeException | IOException e) {
            NodeException failure =
                    secrets.redact(e instanceof NodeException n ? n : connectFailure(label, server, (IOException) e));
            if (!ctx.continueOnFail()) {
                throw failure;
            }
            for (int i = 0; i < items.size(); i++) {
                errors.add(PerItem.errorItem(failure.getMessage(), i));
            }
            return NodeResult.withErrors(List.of(out), errors);
        }
        try (RemoteFiles open = files) {
            for (int i = 0; i < items.size(); i++) {
                try {
                    out.addAll(run(ctx, open, operation, i, items.get(i)));
                } catch (NodeException e) {
                    NodeException safe = secrets.redact(e);
                    if (!ctx.continueOnFail()) {
                        throw safe;
                    }
                    errors.add(PerItem.errorItem(safe.getMessage(), i));
                } catch (IOException e) {
                    NodeException safe = secrets.redact(itemFailure(label, server, operation, e, i));
                    if (!ctx.continueOnFail()) {
                        throw safe;
                    }
                    errors.add(PerItem.errorItem(safe.getMessage(), i));
                }
            }
        }
        return NodeResult.withErrors(List.of(out), errors);
    }

    private static PinnedAddress server(NodeContext ctx, ObjectNode cred, String label, int defaultPort) {
        String host = cred.path("host").asText("").strip();
        if (host.isEmpty()) {
            throw NodeException.user("credential '" + label.toLowerCase(Locale.ROOT) + "': 'host' is empty");
        }
        return PinnedAddress.resolve(ctx, label, host, cred.path("port").asInt(defaultPort), -1);
    }

    private RemoteFiles open(String protocol, PinnedAddress server, ObjectNode cred, Duration connectTimeout)
            throws IOException {
        String user = cred.path("username").asText("");
        String password = cred.path("password").asText("");
        if (protocol.equals("sftp")) {
            return SftpFiles.open(
                    server,
                    user,
                    password,
                    cred.path("privateKey").asText(""),
                    cred.path("passphrase").asText(""),
                    connectTimeout,
                    ioTimeout);
        }
        return FtpFiles.open(server, user, password, connectTimeout, ioTimeout);
    }

    private static List<Item> run(NodeContext ctx, RemoteFiles files, String operation, int i, Item item)
            throws IOException {
        PairedItem paired = new PairedItem(i, 0);
        switch (operation) {
            case "list" -> {
                String path = path(ctx, "path", i, "/");
                boolean recursive = ctx.param("recursive", i, Boolean.class, false);
                List<Item> out = new ArrayList<>();
                for (ObjectNode json : list(files, path, recursive, i)) {
                    out.add(new Item(json, Map.of(), paired));
                }
                return out;
            }
            case "delete" -> {
                String path = path(ctx, "path", i, "");
                if (ctx.param("options.folder", i, Boolean.class, false)) {
                    files.rmdir(path, ctx.param("options.recursive", i, Boolean.class, false));
                } else {
                    files.delete(path);
                }
                return List.of(new Item(Json.object().put("success", true), Map.of(), paired));
            }
            case "rename" -> {
                String from = path(ctx, "oldPath", i, "");
                String to = path(ctx, "newPath", i, "");
                files.rename(from, to, ctx.param("options.createDirectories", i, Boolean.class, false));
                return List.of(new Item(Json.object().put("success", true), Map.of(), paired));
            }
            case "download" -> {
                String path = path(ctx, "path", i, "");
                String field = ctx.param("binaryPropertyName", i, String.class, "data");
                if (field.isBlank()) {
                    throw NodeException.user("parameter 'binaryPropertyName' is empty [item " + i + "]", i);
                }
                byte[] data;
                if (ctx.param("options.enableConcurrentReads", i, Boolean.class, false)) {
                    int readers = ctx.param("options.maxConcurrentReads", i, Integer.class, 5);
                    int chunkKb = ctx.param("options.chunkSize", i, Integer.class, 64);
                    if (readers < 1 || chunkKb < 1) {
                        throw NodeException.user(
                                "parameter 'options': Max Concurrent Reads and Chunk Size must be at least 1 [item " + i
                                        + "]",
                                i);
                    }
                    data = files.readConcurrently(path, MAX_DOWNLOAD_BYTES, readers, chunkKb * 1024);
                } else {
                    data = files.read(path, MAX_DOWNLOAD_BYTES);
                }
                String name = path.substring(path.lastIndexOf('/') + 1);
                BinaryRef ref = BinaryFiles.put(ctx, i, data, name, null);
                Map<String, BinaryRef> binary = new HashMap<>(item.binary());
                binary.put(field, ref);
                return List.of(new Item(item.json(), binary, paired));
            }
            default -> { // upload
                String path = path(ctx, "path", i, "");
                InputStream data;
                if (ctx.param("binaryData", i, Boolean.class, true)) {
                    String field = ctx.param("binaryPropertyName", i, String.class, "data");
                    data = new ByteArrayInputStream(BinaryFiles.read(ctx, i, item, field));
                } else {
                    data = new ByteArrayInputStream(
                            ctx.param("fileContent", i, String.class, "").getBytes(StandardCharsets.UTF_8));
                }
                files.write(path, data);
                return List.of(new Item(item.json(), item.binary(), paired));
            }
        }
    }

    private static String path(NodeParameters ctx, String name, int i, String fallback) {
        String path = ctx.param(name, i, String.class, fallback);
        if (path == null || path.isBlank()) {
            throw NodeException.user("parameter '" + name + "' is empty [item " + i + "]", i);
        }
        return path;
    }

    /** n8n's listing: one level with each entry's path, or every level below {@code path} breadth-first. */
    private static List<ObjectNode> list(RemoteFiles files, String path, boolean recursive, int i) throws IOException {
        List<ObjectNode> out = new ArrayList<>();
        Deque<String> dirs = new ArrayDeque<>();
        dirs.add(path);
        while (!dirs.isEmpty()) {
            String dir = dirs.poll();
            for (RemoteFiles.Entry e : files.list(dir)) {
                String full = dir.endsWith("/") ? dir + e.name() : dir + "/" + e.name();
                e.json().put("path", full);
                out.add(e.json());
                if (out.size() > MAX_LIST_ENTRIES) {
                    throw NodeException.user(
                            "listing '" + path + "' found more than " + MAX_LIST_ENTRIES + " entries [item " + i + "]",
                            i);
                }
                if (recursive && e.directory()) {
                    dirs.add(full);
                }
            }
            if (!recursive) {
                break;
            }
        }
        return out;
    }

    private static NodeException connectFailure(String label, PinnedAddress server, IOException e) {
        String where = "the " + label + " server at " + server.where();
        if (e instanceof FtpFiles.FtpLoginException) {
            return new NodeException(ErrorKind.USER, where + " refused the login: " + e.getMessage(), -1, null, null);
        }
        if (e instanceof SftpFiles.KeyException) {
            return new NodeException(ErrorKind.USER, e.getMessage(), -1, null, null);
        }
        Throwable root = root(e);
        if (root instanceof ConnectException || root instanceof NoRouteToHostException) {
            return NodeException.operational("could not connect to " + where + ": " + root.getMessage(), null);
        }
        if (isTimeout(e)) {
            return NodeException.operational(where + " did not answer in time (is it an " + label + " server?)", null);
        }
        if (root instanceof MalformedServerReplyException) {
            return NodeException.operational(where + " sent a malformed reply: " + root.getMessage(), null);
        }
        if (e instanceof SshException && String.valueOf(e.getMessage()).contains("authentication")) {
            return new NodeException(
                    ErrorKind.USER, where + " refused the credentials: " + e.getMessage(), -1, null, null);
        }
        return NodeException.operational("could not open a session with " + where + ": " + message(e), null);
    }

    private static NodeException itemFailure(
            String label, PinnedAddress server, String operation, IOException e, int i) {
        String where = label + " server at " + server.where();
        if (e instanceof FtpFiles.FtpReplyException || e instanceof SftpException) {
            return new NodeException(
                    ErrorKind.USER,
                    operation + " failed on the " + where + ": " + message(e) + " [item " + i + "]",
                    i,
                    null,
                    null);
        }
        if (isTimeout(e)) {
            return new NodeException(
                    ErrorKind.OPERATIONAL,
                    "the " + where + " did not answer in time during " + operation + " [item " + i + "]",
                    i,
                    null,
                    null);
        }
        return new NodeException(
                ErrorKind.OPERATIONAL,
                operation + " failed on the " + where + ": " + message(e) + " [item " + i + "]",
                i,
                null,
                null);
    }

    private static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SocketTimeoutException
                    || t instanceof java.util.concurrent.TimeoutException
                    || t instanceof java.nio.channels.InterruptedByTimeoutException
                    || (t instanceof SshException
                            && String.valueOf(t.getMessage())
                                    .toLowerCase(Locale.ROOT)
                                    .contains("timeout"))) {
                return true;
            }
        }
        return false;
    }

    private static Throwable root(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            Throwable root = root(e);
            m = root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
        }
        return m.strip().replaceAll("\\s+", " ");
    }
}
