package io.hetumind.nodes.sshnode;

import static io.hetumind.nodes.protocols.ProtocolHarness.error;
import static io.hetumind.nodes.protocols.ProtocolHarness.json;
import static io.hetumind.nodes.protocols.ProtocolHarness.output;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.model.BinaryRef;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.OnError;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NetworkPolicy;
import io.hetumind.nodes.protocols.ProtocolHarness;
import io.hetumind.nodes.ssh.TestSshServer;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SSH node against a real SSH server (Apache MINA SSHD) that runs commands with {@code /bin/sh -c} on this machine
 * and serves its files over SFTP, logged into with a password or an OpenSSH key.
 */
class SshNodeTest {

    private static TestSshServer ssh;
    private static Path dir;

    @BeforeAll
    static void start() throws Exception {
        ssh = new TestSshServer(false);
        ssh.server.setCommandFactory((channel, command) -> new ShellCommand(command));
        ssh.server.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        dir = Files.createTempDirectory("ssh node's dir");
    }

    /** {@code /bin/sh -c command} on this machine, its output and exit status handed to the channel. */
    private static final class ShellCommand implements org.apache.sshd.server.command.Command {
        private final String command;
        private java.io.InputStream in;
        private java.io.OutputStream out;
        private java.io.OutputStream err;
        private org.apache.sshd.server.ExitCallback exit;
        private Process process;

        ShellCommand(String command) {
            this.command = command;
        }

        @Override
        public void setInputStream(java.io.InputStream in) {
            this.in = in;
        }

        @Override
        public void setOutputStream(java.io.OutputStream out) {
            this.out = out;
        }

        @Override
        public void setErrorStream(java.io.OutputStream err) {
            this.err = err;
        }

        @Override
        public void setExitCallback(org.apache.sshd.server.ExitCallback callback) {
            this.exit = callback;
        }

        @Override
        public void start(org.apache.sshd.server.channel.ChannelSession channel, org.apache.sshd.server.Environment env)
                throws java.io.IOException {
            process = new ProcessBuilder("/bin/sh", "-c", command).start();
            Thread.ofVirtual().start(() -> {
                try {
                    Thread feed = Thread.ofVirtual().start(() -> {
                        try (java.io.OutputStream stdin = process.getOutputStream()) {
                            in.transferTo(stdin);
                        } catch (java.io.IOException e) {
                            // the process ended first
                        }
                    });
                    Thread errors = Thread.ofVirtual().start(() -> {
                        try {
                            process.getErrorStream().transferTo(err);
                            err.flush();
                        } catch (java.io.IOException e) {
                            // closed
                        }
                    });
                    process.getInputStream().transferTo(out);
                    out.flush();
                    errors.join();
                    int code = process.waitFor();
                    feed.interrupt();
                    exit.onExit(code);
                } catch (Exception e) {
                    exit.onExit(255, String.valueOf(e.getMessage()));
                }
            });
        }

        @Override
        public void destroy(org.apache.sshd.server.channel.ChannelSession channel) {
            if (process != null) {
                process.destroyForcibly();
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        ssh.close();
    }

    private static ObjectNode password() {
        return Json.object()
                .put("host", "127.0.0.1")
                .put("port", ssh.port())
                .put("username", TestSshServer.USER)
                .put("password", TestSshServer.PASSWORD);
    }

    private static ProtocolHarness harness(ObjectNode cred) {
        return new ProtocolHarness(new SshNode(Duration.ofSeconds(5), Duration.ofSeconds(10)))
                .credential("sshPassword", cred);
    }

    private static ObjectNode command(String command, String cwd) {
        return Json.object().put("resource", "command").put("command", command).put("cwd", cwd);
    }

    @Test
    void aCommandGivesItsExitCodeAndTrimmedOutputInItsWorkingDirectory() throws Exception {
        Path odd = Files.createDirectories(dir.resolve("a b'c"));
        Item out = output(harness(password())
                        .run(1, command("pwd; printf '  out \\n\\n'; echo err >&2; exit 3", odd.toString()), null))
                .getFirst();
        assertThat(out.json().toString())
                .isEqualTo("{\"code\":3,\"signal\":null,\"stdout\":\"" + odd.toRealPath()
                        + "\\n  out\",\"stderr\":\"err\"}");
        // one command per item, with expressions; stdin is closed, so a command reading it ends
        List<Item> each = output(harness(password())
                .run(
                        1,
                        command("=echo {{ $json.n * 2 }}; cat", "/"),
                        List.of(Item.of(json("{'n':1}")), Item.of(json("{'n':21}")))));
        assertThat(each.stream().map(i -> i.json().get("stdout").asText())).containsExactly("2", "42");
        assertThat(each.stream().map(i -> i.pairedItem().item())).containsExactly(0, 1);
        // ~/ is the remote $HOME; another ~ form is refused as n8n refuses it
        String home = output(harness(password()).run(1, command("pwd", "~/"), null))
                .getFirst()
                .json()
                .get("stdout")
                .asText();
        assertThat(Path.of(home))
                .isEqualTo(Path.of(System.getProperty("user.home")).toRealPath());
        assertThat(error(harness(password()).run(1, command("pwd", "~root"), null)))
                .isEqualTo("Invalid path. Replace \"~\" with home directory or \"~/\" [item 0]");
    }

    @Test
    void filesGoUpAndComeDownOverSftp() throws Exception {
        Path up = Files.createDirectories(dir.resolve("up"));
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
        Item input =
                Item.of(json("{'id':1}")).withBinary(Map.of("data", ProtocolHarness.file("pic.png", "image/png", png)));
        ObjectNode upload =
                Json.object().put("resource", "file").put("operation", "upload").put("path", up.toString());
        assertThat(output(harness(password()).run(1, upload, List.of(input)))
                        .getFirst()
                        .json()
                        .toString())
                .isEqualTo("{\"success\":true}");
        assertThat(Files.readAllBytes(up.resolve("pic.png"))).isEqualTo(png);
        // a File Name never leaves the target directory: only its last part counts (n8n's sanitizeFilename)
        upload.set("options", json("{'fileName':'../../escaped.png'}"));
        output(harness(password()).run(1, upload, List.of(input)));
        assertThat(up.resolve("escaped.png")).exists();
        assertThat(dir.resolve("escaped.png")).doesNotExist();

        ObjectNode download = Json.object()
                .put("resource", "file")
                .put("operation", "download")
                .put("path", up.resolve("pic.png").toString())
                .put("binaryPropertyName", "got");
        Item down = output(harness(password()).run(1, download, List.of(input))).getFirst();
        BinaryRef got = down.binary().get("got");
        assertThat(ProtocolHarness.bytes(got)).isEqualTo(png);
        // n8n names the file after the path's last part and types it by its content, not its name
        assertThat(got.fileName()).isEqualTo("pic.png");
        assertThat(got.mimeType()).isEqualTo("image/png");
        assertThat(down.binary()).containsKey("data");
        assertThat(down.json().get("id").asInt()).isEqualTo(1);
        Files.writeString(up.resolve("notes.csv"), "a,b\n", StandardCharsets.UTF_8);
        download.put("path", up.resolve("notes.csv").toString()).set("options", json("{'fileName':'x/renamed.txt'}"));
        BinaryRef text = output(harness(password()).run(1, download, null))
                .getFirst()
                .binary()
                .get("got");
        assertThat(text.fileName()).isEqualTo("renamed.txt");
        assertThat(text.mimeType()).isEqualTo("text/plain");

        // continue on fail: a failed download replaces its item with the error, the others keep theirs
        download.put("path", "={{ $json.p }}").remove("options");
        ExecutionResult r = harness(password())
                .onError(OnError.CONTINUE)
                .run(
                        1,
                        download,
                        List.of(
                                Item.of(Json.object()
                                        .put("p", up.resolve("missing.bin").toString())),
                                Item.of(Json.object()
                                        .put("p", up.resolve("pic.png").toString()))));
        List<Item> items = output(r);
        assertThat(items).hasSize(2);
        assertThat(items.getFirst().json().get("error").asText())
                .startsWith("download failed on the SSH server at 127.0.0.1:" + ssh.port() + ":")
                .endsWith("[item 0]");
        assertThat(items.get(1).binary()).containsKey("got");
        // an upload without the file names the field
        assertThat(error(harness(password())
                        .run(1, upload.put("binaryPropertyName", "nope"), List.of(Item.of(json("{}"))))))
                .isEqualTo("parameter 'binaryPropertyName': the item has no binary property 'nope' [item 0]");
    }

    @Test
    void aPrivateKeyLogsInAndBadCredentialsOrHostsFailClearly() throws Exception {
        ObjectNode key = Json.object()
                .put("host", "127.0.0.1")
                .put("port", ssh.port())
                .put("username", TestSshServer.USER)
                .put("privateKey", ssh.privateKey(TestSshServer.PASSPHRASE))
                .put("passphrase", TestSshServer.PASSPHRASE);
        ExecutionResult byKey = new ProtocolHarness(new SshNode(Duration.ofSeconds(5), Duration.ofSeconds(10)))
                .credential("sshPrivateKey", key)
                .run(1, command("echo key", "/").put("authentication", "privateKey"), null);
        assertThat(output(byKey).getFirst().json().get("stdout").asText()).isEqualTo("key");

        String wrong =
                error(harness(password().put("password", "not-it-Secret")).run(1, command("id", "/"), null));
        assertThat(wrong)
                .startsWith("the SSH server at 127.0.0.1:" + ssh.port() + " refused the credentials")
                .doesNotContain("not-it-Secret");
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        assertThat(error(harness(password().put("port", closed)).run(1, command("id", "/"), null)))
                .startsWith("could not connect to the SSH server at 127.0.0.1:" + closed);
        String garbage = error(new ProtocolHarness(new SshNode(Duration.ofSeconds(5), Duration.ofSeconds(10)))
                .credential(
                        "sshPrivateKey",
                        key.deepCopy()
                                .put(
                                        "privateKey",
                                        "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----"))
                .run(1, command("id", "/").put("authentication", "privateKey"), null));
        assertThat(garbage).startsWith("credential 'sshPrivateKey': ");
        assertThat(error(harness(password())
                        .service(NetworkPolicy.class, NetworkPolicy.publicOnly())
                        .run(1, command("id", "/"), null)))
                .contains("SSH refused to connect to");
        assertThat(error(new ProtocolHarness(new SshNode()).run(1, command("id", "/"), null)))
                .isEqualTo("credentials of type 'sshPassword' are not set for this node");
    }

    @Test
    void shellEscapeAndFileNamesFollowN8nsHelpers() {
        assertThat(SshNode.shellEscape("/home/user_1-x")).isEqualTo("/home/user_1-x");
        assertThat(SshNode.shellEscape("/a b")).isEqualTo("'/a b'");
        assertThat(SshNode.shellEscape("it's")).isEqualTo("'it'\\''s'");
        assertThat(SshNode.shellEscape("'x")).isEqualTo("\\''x'");
        assertThat(SshNode.sanitizeFilename("/home/u/report.pdf")).isEqualTo("report.pdf");
        assertThat(SshNode.sanitizeFilename("C:\\x\\y.txt")).isEqualTo("y.txt");
        assertThat(SshNode.sanitizeFilename("dir/")).isEqualTo("dir");
        assertThat(SshNode.sanitizeFilename("..")).isEqualTo("untitled");
        assertThat(SshNode.sanitizeFilename("")).isEqualTo("untitled");
        assertThat(SshNode.sanitizeFilename("a\0b")).isEqualTo("ab");
    }
}
