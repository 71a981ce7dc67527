package io.hetumind.nodes.sshnode;

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
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.core.spi.PropertySpec;
import io.hetumind.nodes.credentials.Secrets;
import io.hetumind.nodes.files.BinaryFiles;
import io.hetumind.nodes.internal.Js;
import io.hetumind.nodes.internal.PerItem;
import io.hetumind.nodes.net.PinnedAddress;
import io.hetumind.nodes.protocols.Streams;
import io.hetumind.nodes.ssh.SshLogin;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.common.SshException;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.apache.sshd.sftp.common.SftpException;

/**
 * SSH (n8n v1): run a command on a remote host, or download / upload a file over SFTP, on one session per node run.
 * The host is resolved once through the network policy and connected to by that address. Output as n8n's node-ssh
 * gives it: {@code {code, signal, stdout, stderr}} with the text trimmed; a download adds the file to the item.
 */
public final class SshNode implements NodeType {

    public static final String TYPE = "hetumind.ssh";

    /** The most a command may write to each of stdout and stderr, and the largest file a download keeps. */
    static final int MAX_OUTPUT_BYTES = 64 << 20;

    static final long MAX_DOWNLOAD_BYTES = 512L << 20;

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder(TYPE)
            .versions(1)
            .displayName("SSH")
            .description("Execute commands via SSH")
            .group(NodeGroup.HTTP)
            .icon("terminal")
            .alias("n8n-nodes-base.ssh")
            .credential(new CredentialSlot("sshPassword", true).showWhen("authentication", "password"))
            .credential(new CredentialSlot("sshPrivateKey", true).showWhen("authentication", "privateKey"))
            .property(PropertySpec.options("authentication")
                    .displayName("Authentication")
                    .option("password", "Password")
                    .option("privateKey", "Private Key")
                    .defaultValue("password")
                    .noExpression())
            .property(PropertySpec.options("resource")
                    .displayName("Resource")
                    .option("command", "Command")
                    .option("file", "File")
                    .defaultValue("command")
                    .noExpression())
            .property(PropertySpec.options("operation")
                    .displayName("Operation")
                    .option("execute", "Execute", "Execute a command")
                    .defaultValue("execute")
                    .noExpression()
                    .showWhen("resource", "command"))
            .property(PropertySpec.string("command")
                    .displayName("Command")
                    .defaultValue("")
                    .description("The command to be executed on a remote device")
                    .showWhen("resource", "command")
                    .showWhen("operation", "execute"))
            .property(PropertySpec.string("cwd")
                    .displayName("Working Directory")
                    .defaultValue("/")
                    .required()
                    .showWhen("resource", "command")
                    .showWhen("operation", "execute"))
            .property(PropertySpec.options("operation")
                    .displayName("Operation")
                    .option("download", "Download", "Download a file")
                    .option("upload", "Upload", "Upload a file")
                    .defaultValue("upload")
                    .noExpression()
                    .showWhen("resource", "file"))
            .property(PropertySpec.string("binaryPropertyName")
                    .displayName("Input Binary Field")
                    .defaultValue("data")
                    .required()
                    .description("The name of the input binary field containing the file to be uploaded")
                    .showWhen("operation", "upload")
                    .showWhen("resource", "file"))
            .property(PropertySpec.string("path")
                    .displayName("Target Directory")
                    .defaultValue("")
                    .required()
                    .placeholder("/home/user")
                    .description("The directory to upload the file to; the file keeps its name unless File Name is"
                            + " set under Options")
                    .showWhen("resource", "file")
                    .showWhen("operation", "upload"))
            .property(PropertySpec.string("path")
                    .displayName("Path")
                    .defaultValue("")
                    .required()
                    .placeholder("/home/user/invoice.txt")
                    .description("The file path of the file to download, with the file name")
                    .showWhen("resource", "file")
                    .showWhen("operation", "download"))
            .property(PropertySpec.string("binaryPropertyName")
                    .displayName("File Property")
                    .defaultValue("data")
                    .required()
                    .description("Object property name which holds binary data")
                    .showWhen("resource", "file")
                    .showWhen("operation", "download"))
            .property(PropertySpec.collection("options")
                    .displayName("Options")
                    .placeholder("Add option")
                    .child(PropertySpec.string("fileName")
                            .displayName("File Name")
                            .defaultValue("")
                            .description("Overrides the binary data file name"))
                    .showWhen("resource", "file")
                    .showWhen("operation", "upload", "download"))
            .build();

    private final Duration connectTimeout;
    private final Duration ioTimeout;

    public SshNode() {
        this(Duration.ofSeconds(10), Duration.ofSeconds(60));
    }

    /** With other bounds on connecting (and logging in) and on each wait for the server outside a command (tests). */
    SshNode(Duration connectTimeout, Duration ioTimeout) {
        this.connectTimeout = connectTimeout;
        this.ioTimeout = ioTimeout;
    }

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public NodeResult execute(NodeContext ctx) throws InterruptedException {
        String resource = ctx.param("resource", 0, String.class, "command");
        String operation = ctx.param("operation", 0, String.class, resource.equals("file") ? "upload" : "execute");
        if (!Set.of("command:execute", "file:download", "file:upload").contains(resource + ":" + operation)) {
            throw NodeException.user("parameters 'resource' and 'operation': '" + resource + "' / '" + operation
                    + "' is not one of command / execute, file / download, file / upload");
        }
        String authentication = ctx.param("authentication", 0, String.class, "password");
        if (!authentication.equals("password") && !authentication.equals("privateKey")) {
            throw NodeException.user(
                    "parameter 'authentication': '" + authentication + "' is not one of password, privateKey");
        }
        String credentialType = authentication.equals("password") ? "sshPassword" : "sshPrivateKey";
        ObjectNode cred = ctx.credentials(credentialType)
                .orElseThrow(() ->
                        NodeException.user("credentials of type '" + credentialType + "' are not set for this node"));
        Secrets secrets = Secrets.of(
                authentication.equals("password")
                        ? SshCredentials.Password.DESCRIPTOR
                        : SshCredentials.PrivateKey.DESCRIPTOR,
                cred);
        List<Item> items = ctx.items();
        PinnedAddress server = null;
        SshLogin login;
        try {
            String host = cred.path("host").asText("").strip();
            if (host.isEmpty()) {
                throw NodeException.user("credential '" + credentialType + "': 'host' is empty");
            }
            server = PinnedAddress.resolve(ctx, "SSH", host, cred.path("port").asInt(22), -1);
            login = SshLogin.open(
                    server.socketAddress(),
                    cred.path("username").asText(""),
                    authentication.equals("password") ? cred.path("password").asText("") : "",
                    authentication.equals("privateKey")
                            ? cred.path("privateKey").asText("")
                            : "",
                    cred.path("passphrase").asText(""),
                    connectTimeout,
                    connectTimeout,
                    ioTimeout,
                    ioTimeout.multipliedBy(5));
        } catch (NodeException e) {
            throw secrets.redact(e);
        } catch (SshLogin.KeyUnreadable e) {
            throw secrets.redact(NodeException.user("credential '" + credentialType + "': " + e.getMessage()));
        } catch (IOException e) {
            throw secrets.redact(connectFailure(server, e));
        }
        List<Item> out = new ArrayList<>();
        List<Item> errors = new ArrayList<>();
        boolean download = operation.equals("download");
        try (login) {
            for (int i = 0; i < items.size() && !ctx.canceled(); i++) {
                try {
                    out.addAll(run(ctx, login, resource, operation, i, items.get(i)));
                } catch (NodeException | IOException e) {
                    NodeException failure = secrets.redact(
                            e instanceof NodeException n
                                    ? n
                                    : itemFailure(server, resource, operation, (IOException) e, i));
                    if (!ctx.continueOnFail()) {
                        throw failure;
                    }
                    // n8n: a failed download replaces the item with the error (no file, no pairing), in place
                    if (download) {
                        out.add(new Item(Json.object().put("error", failure.getMessage()), Map.of(), null));
                    } else {
                        errors.add(PerItem.errorItem(failure.getMessage(), i));
                    }
                }
            }
        }
        return NodeResult.withErrors(List.of(out), errors);
    }

    private List<Item> run(NodeContext ctx, SshLogin login, String resource, String operation, int i, Item item)
            throws IOException, InterruptedException {
        PairedItem paired = new PairedItem(i, 0);
        if (resource.equals("command")) {
            String command = ctx.param("command", i, String.class, "");
            String cwd = home(login, ctx.param("cwd", i, String.class, "/"), i);
            return List.of(new Item(
                    exec(ctx, login, cwd.isEmpty() ? command : "cd " + shellEscape(cwd) + " ; " + command, i),
                    Map.of(),
                    paired));
        }
        String path = home(login, ctx.param("path", i, String.class, ""), i);
        String fileName = ctx.param("options.fileName", i, String.class, "");
        String field = ctx.param("binaryPropertyName", i, String.class, "data");
        try (SftpClient sftp = SftpClientFactory.instance().createSftpClient(login.session())) {
            if (operation.equals("download")) {
                byte[] data = read(sftp, path);
                String sniffed = sniff(data);
                BinaryRef ref = BinaryFiles.put(
                        ctx,
                        i,
                        new ByteArrayInputStream(data),
                        sanitizeFilename(fileName.isEmpty() ? path : fileName),
                        sniffed == null ? "text/plain" : sniffed);
                Map<String, BinaryRef> binary = new HashMap<>(item.binary());
                binary.put(field, ref);
                return List.of(new Item(item.json(), binary, paired));
            }
            BinaryRef file = item.binary().get(field);
            if (file == null) {
                throw NodeException.user(
                        "parameter 'binaryPropertyName': the item has no binary property '" + field + "' [item " + i
                                + "]",
                        i);
            }
            String name =
                    sanitizeFilename(fileName.isEmpty() ? (file.fileName() == null ? "" : file.fileName()) : fileName);
            String target = path + (path.endsWith("/") ? "" : "/") + name;
            try (InputStream in = BinaryFiles.store(ctx, i).open(file);
                    OutputStream o = sftp.write(target)) {
                in.transferTo(o);
            }
            return List.of(new Item(Json.object().put("success", true), Map.of(), paired));
        }
    }

    /**
     * node-ssh's execCommand: stdin closed at once, output trimmed, the exit code and signal (null when none); {@code
     * ctx} null for the node's own commands.
     */
    private ObjectNode exec(NodeContext ctx, SshLogin login, String command, int i)
            throws IOException, InterruptedException {
        Bounded stdout = new Bounded("stdout", i);
        Bounded stderr = new Bounded("stderr", i);
        try (ChannelExec channel = login.session().createExecChannel(command)) {
            channel.setIn(new ByteArrayInputStream(new byte[0]));
            channel.setOut(stdout);
            channel.setErr(stderr);
            channel.open().verify(ioTimeout);
            // a command runs as long as it runs (n8n sets no bound); the run's cancellation stops it
            while (!channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), Duration.ofMillis(250))
                    .contains(ClientChannelEvent.CLOSED)) {
                if ((ctx != null && ctx.canceled()) || Thread.currentThread().isInterrupted()) {
                    channel.close(true);
                    throw new InterruptedException("the run was canceled while the command ran");
                }
                if (stdout.overflow != null || stderr.overflow != null) {
                    channel.close(true);
                    throw stdout.overflow != null ? stdout.overflow : stderr.overflow;
                }
            }
            if (stdout.overflow != null || stderr.overflow != null) {
                throw stdout.overflow != null ? stdout.overflow : stderr.overflow;
            }
            ObjectNode json = Json.object();
            Integer code = channel.getExitStatus();
            String signal = channel.getExitSignal();
            if (code == null) {
                json.putNull("code");
            } else {
                json.put("code", code);
            }
            if (signal == null) {
                json.putNull("signal");
            } else {
                json.put("signal", signal);
            }
            json.put("stdout", Js.trim(stdout.text()));
            json.put("stderr", Js.trim(stderr.text()));
            return json;
        }
    }

    /** n8n's resolveHomeDir: {@code ~/} is the remote {@code $HOME}; another {@code ~} form is refused. */
    private String home(SshLogin login, String path, int i) throws IOException {
        if (path.startsWith("~/")) {
            String home;
            try {
                home = exec(null, login, "echo $HOME", i).path("stdout").asText("");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while reading $HOME");
            }
            return path.replaceFirst(
                    "~/", java.util.regex.Matcher.quoteReplacement(home.endsWith("/") ? home : home + "/"));
        }
        if (path.startsWith("~")) {
            throw NodeException.user("Invalid path. Replace \"~\" with home directory or \"~/\" [item " + i + "]", i);
        }
        return path;
    }

    private static byte[] read(SftpClient sftp, String path) throws IOException {
        try (InputStream in = sftp.read(path)) {
            return Streams.readAtMost(in, MAX_DOWNLOAD_BYTES);
        }
    }

    /**
     * n8n's copyBinaryFile reads a temporary file without an extension: the MIME type comes from the content alone,
     * else it is text/plain.
     */
    private static String sniff(byte[] data) {
        try {
            return URLConnection.guessContentTypeFromStream(new ByteArrayInputStream(data));
        } catch (IOException e) {
            return null;
        }
    }

    /** n8n-workflow's sanitizeFilename: the last path part (either slash), without NUL; "untitled" for nothing. */
    static String sanitizeFilename(String name) {
        String normalized = name.replace('\\', '/');
        while (normalized.length() > 1 && normalized.endsWith("/")) {
            normalized = normalized.substring(0, normalized.length() - 1);
        }
        String base = normalized.substring(normalized.lastIndexOf('/') + 1).replace("\0", "");
        return base.isEmpty() || base.matches("\\.+") ? "untitled" : base;
    }

    /** shell-escape 0.2's quoting of one argument, as node-ssh puts the working directory into {@code cd}. */
    static String shellEscape(String s) {
        if (s.matches("[A-Za-z0-9_/-]+")) {
            return s;
        }
        String quoted = "'" + s.replace("'", "'\\''") + "'";
        quoted = quoted.replaceAll("^(?:'')+", "");
        return quoted.replace("\\'''", "\\'");
    }

    /** Collects a stream up to {@link #MAX_OUTPUT_BYTES}; past it, the overflow error waits for the node to see it. */
    private static final class Bounded extends OutputStream {
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private final String name;
        private final int item;
        private volatile NodeException overflow;

        Bounded(String name, int item) {
            this.name = name;
            this.item = item;
        }

        @Override
        public synchronized void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            if (overflow != null) {
                return;
            }
            if (buffer.size() + len > MAX_OUTPUT_BYTES) {
                overflow = NodeException.user(
                        "the command wrote more than " + (MAX_OUTPUT_BYTES >> 20) + " MB to " + name
                                + "; write it to a file and download that [item " + item + "]",
                        item);
                return;
            }
            buffer.write(b, off, len);
        }

        synchronized String text() {
            return buffer.toString(StandardCharsets.UTF_8);
        }
    }

    private NodeException connectFailure(PinnedAddress server, IOException e) {
        String where = "the SSH server at " + (server == null ? "?" : server.where());
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof ConnectException || root instanceof NoRouteToHostException) {
            return NodeException.operational("could not connect to " + where + ": " + root.getMessage(), null);
        }
        String message = String.valueOf(e.getMessage());
        if (e instanceof SshException && message.toLowerCase(Locale.ROOT).contains("timeout")
                || root instanceof java.net.SocketTimeoutException) {
            return NodeException.operational(where + " did not answer in time (is it an SSH server?)", null);
        }
        if (e instanceof SshException && message.contains("authentication")) {
            return new NodeException(ErrorKind.USER, where + " refused the credentials: " + message, -1, null, null);
        }
        return NodeException.operational("could not open a session with " + where + ": " + message, null);
    }

    private static NodeException itemFailure(
            PinnedAddress server, String resource, String operation, IOException e, int i) {
        String what = resource.equals("command") ? "the command" : operation;
        String detail = e instanceof SftpException s ? s.getMessage() : String.valueOf(e.getMessage());
        return new NodeException(
                e instanceof SftpException ? ErrorKind.USER : ErrorKind.OPERATIONAL,
                what + " failed on the SSH server at " + server.where() + ": " + detail + " [item " + i + "]",
                i,
                null,
                null);
    }
}
