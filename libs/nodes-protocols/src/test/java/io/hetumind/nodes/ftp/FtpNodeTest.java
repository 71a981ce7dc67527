package io.hetumind.nodes.ftp;

import static io.hetumind.nodes.protocols.ProtocolHarness.error;
import static io.hetumind.nodes.protocols.ProtocolHarness.json;
import static io.hetumind.nodes.protocols.ProtocolHarness.output;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.model.BinaryRef;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.OnError;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NetworkPolicy;
import io.hetumind.nodes.protocols.N8nExports;
import io.hetumind.nodes.protocols.ProtocolHarness;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The FTP node through the real engine against in-process FTP (Apache FtpServer) and SFTP (MINA SSHD) servers. */
class FtpNodeTest {

    private static FileServers.Ftp ftp;
    private static FileServers.Sftp sftp;

    @BeforeAll
    static void start() throws Exception {
        ftp = new FileServers.Ftp();
        sftp = new FileServers.Sftp();
    }

    @AfterAll
    static void stop() throws Exception {
        ftp.close();
        sftp.close();
    }

    private static Path root(String protocol) {
        return protocol.equals("ftp") ? ftp.root : sftp.root;
    }

    private static ObjectNode cred(String protocol, String password) {
        return Json.object()
                .put("host", "127.0.0.1")
                .put("port", protocol.equals("ftp") ? ftp.port : sftp.port())
                .put("username", FileServers.USER)
                .put("password", password);
    }

    private static ProtocolHarness harness(String protocol, ObjectNode cred) {
        return new ProtocolHarness(new FtpNode(Duration.ofSeconds(10), Duration.ofSeconds(10)))
                .credential(protocol, cred);
    }

    /** With 2 s bounds, for servers that never answer. */
    private static ProtocolHarness impatient(String protocol, ObjectNode cred) {
        return new ProtocolHarness(new FtpNode(Duration.ofSeconds(2), Duration.ofSeconds(2)))
                .credential(protocol, cred);
    }

    private static ProtocolHarness harness(String protocol) {
        return harness(protocol, cred(protocol, FileServers.PASSWORD));
    }

    private static ObjectNode params(String protocol, String operation, String rest) {
        ObjectNode p = json(rest);
        p.put("protocol", protocol);
        p.put("operation", operation);
        return p;
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp", "sftp"})
    void uploadCreatesDirectoriesAndDownloadListRenameDeleteWork(String protocol) throws Exception {
        Path root = root(protocol);
        byte[] pdf = "%PDF-1.7 report".getBytes(StandardCharsets.US_ASCII);
        Item input = Item.of(json("{'id':7}"))
                .withBinary(Map.of("data", ProtocolHarness.file("r.pdf", "application/pdf", pdf)));
        List<Item> up = output(harness(protocol)
                .run(1, params(protocol, "upload", "{'path':'/" + protocol + "/a/b/report.pdf'}"), List.of(input)));
        assertThat(up).singleElement().satisfies(i -> {
            assertThat(i.json().path("id").asInt()).isEqualTo(7);
            assertThat(i.binary()).containsKey("data");
        });
        assertThat(Files.readAllBytes(root.resolve(protocol + "/a/b/report.pdf")))
                .isEqualTo(pdf);

        output(harness(protocol)
                .run(
                        1,
                        params(
                                protocol,
                                "upload",
                                "{'path':'/" + protocol + "/notes.txt','binaryData':false," + "'fileContent':'héllo'}"),
                        null));
        assertThat(Files.readString(root.resolve(protocol + "/notes.txt"))).isEqualTo("héllo");

        Item down = output(harness(protocol)
                        .run(
                                1,
                                params(
                                        protocol,
                                        "download",
                                        "{'path':'/" + protocol + "/a/b/report.pdf'," + "'binaryPropertyName':'file'}"),
                                List.of(Item.of(json("{'keep':true}")))))
                .getFirst();
        BinaryRef file = down.binary().get("file");
        assertThat(file.fileName()).isEqualTo("report.pdf");
        assertThat(file.mimeType()).isEqualTo("application/pdf");
        assertThat(ProtocolHarness.bytes(file)).isEqualTo(pdf);
        assertThat(down.json().path("keep").asBoolean()).isTrue();

        List<Item> flat =
                output(harness(protocol).run(1, params(protocol, "list", "{'path':'/" + protocol + "'}"), null));
        assertThat(flat.stream().map(i -> i.json().path("path").asText()))
                .containsExactlyInAnyOrder("/" + protocol + "/a", "/" + protocol + "/notes.txt");
        ObjectNode notes = flat.stream()
                .map(Item::json)
                .filter(j -> j.path("name").asText().equals("notes.txt"))
                .findFirst()
                .orElseThrow();
        assertThat(notes.path("type").asText()).isEqualTo("-");
        assertThat(notes.path("size").asLong()).isEqualTo(6);
        assertThat(notes.path("rights").path("user").asText()).contains("r");
        assertThat(notes.path("modifyTime").asText()).matches("\\d{4}-.*Z");

        List<Item> deep = output(harness(protocol)
                .run(1, params(protocol, "list", "{'path':'/" + protocol + "/','recursive':true}"), null));
        assertThat(deep.stream().map(i -> i.json().path("path").asText()))
                .containsExactlyInAnyOrder(
                        "/" + protocol + "/a",
                        "/" + protocol + "/notes.txt",
                        "/" + protocol + "/a/b",
                        "/" + protocol + "/a/b/report.pdf");
        assertThat(deep.stream()
                        .filter(i -> i.json().path("name").asText().equals("b"))
                        .findFirst()
                        .orElseThrow()
                        .json()
                        .path("type")
                        .asText())
                .isEqualTo("d");

        List<Item> renamed = output(harness(protocol)
                .run(
                        1,
                        params(
                                protocol,
                                "rename",
                                "{'oldPath':'/" + protocol + "/notes.txt','newPath':'/" + protocol
                                        + "/archive/2026/notes.txt','options':{'createDirectories':true}}"),
                        null));
        assertThat(renamed.getFirst().json()).isEqualTo(json("{'success':true}"));
        assertThat(root.resolve(protocol + "/archive/2026/notes.txt")).exists();
        assertThat(root.resolve(protocol + "/notes.txt")).doesNotExist();

        output(harness(protocol)
                .run(1, params(protocol, "delete", "{'path':'/" + protocol + "/archive/2026/notes.txt'}"), null));
        assertThat(root.resolve(protocol + "/archive/2026/notes.txt")).doesNotExist();

        String notEmpty = error(harness(protocol)
                .run(1, params(protocol, "delete", "{'path':'/" + protocol + "/a','options':{'folder':true}}"), null));
        assertThat(notEmpty)
                .contains("delete failed on the " + protocol.toUpperCase() + " server at 127.0.0.1:")
                .contains("[item 0]");
        output(harness(protocol)
                .run(
                        1,
                        params(
                                protocol,
                                "delete",
                                "{'path':'/" + protocol + "/a','options':{'folder':true,'recursive':true}}"),
                        null));
        assertThat(root.resolve(protocol + "/a")).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp", "sftp"})
    void pathsStayInsideTheServersRoot(String protocol) throws Exception {
        Path outside = root(protocol).getParent().resolve("outside-" + protocol + ".txt");
        Files.writeString(outside, "secret");
        ExecutionResult r = harness(protocol)
                .run(1, params(protocol, "download", "{'path':'/../outside-" + protocol + ".txt'}"), null);
        assertThat(error(r)).contains("download failed").contains("[item 0]");
        Files.delete(outside);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp", "sftp"})
    void aWrongPasswordIsAUserErrorWithoutTheSecret(String protocol) {
        String wrong = "Wr0ng-ftp-password";
        ExecutionResult r =
                harness(protocol, cred(protocol, wrong)).run(1, params(protocol, "list", "{'path':'/'}"), null);
        String message = error(r);
        assertThat(message)
                .contains("the " + protocol.toUpperCase() + " server at 127.0.0.1:")
                .containsAnyOf("refused the login", "refused the credentials")
                .doesNotContain(wrong)
                .doesNotContain(FileServers.PASSWORD);
        assertThat(r.state().error().kind()).isEqualTo(io.hetumind.core.spi.ErrorKind.USER);
    }

    @Test
    void sftpLogsInWithAnOpenSshPrivateKey() throws Exception {
        ByteArrayOutputStream pem = new ByteArrayOutputStream();
        OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(sftp.key, "test", null, pem);
        ObjectNode cred = cred("sftp", "").put("privateKey", pem.toString(StandardCharsets.US_ASCII));
        Files.writeString(sftp.root.resolve("key.txt"), "k");
        List<Item> out = output(harness("sftp", cred).run(1, params("sftp", "list", "{'path':'/'}"), null));
        assertThat(out.stream().map(i -> i.json().path("name").asText())).contains("key.txt");
        // pasted on one line (line breaks turned into spaces), as n8n reads it too
        ObjectNode oneLine = cred("sftp", "")
                .put(
                        "privateKey",
                        pem.toString(StandardCharsets.US_ASCII).strip().replace("\n", " "));
        assertThat(output(harness("sftp", oneLine).run(1, params("sftp", "list", "{'path':'/'}"), null)))
                .isNotEmpty();

        ObjectNode broken = cred("sftp", "")
                .put("privateKey", "-----BEGIN OPENSSH PRIVATE KEY-----\nnope\n-----END OPENSSH PRIVATE KEY-----");
        assertThat(error(harness("sftp", broken).run(1, params("sftp", "list", "{'path':'/'}"), null)))
                .contains("credential 'sftp': the private key could not be read");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp", "sftp"})
    void anUnreachableHostNamesHostAndPortQuickly(String protocol) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        long start = System.nanoTime();
        String message =
                error(harness(protocol, cred(protocol, FileServers.PASSWORD).put("port", port))
                        .run(1, params(protocol, "list", "{'path':'/'}"), null));
        assertThat(message)
                .contains("could not connect to the " + protocol.toUpperCase() + " server at 127.0.0.1:" + port);
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
    }

    /** A server that accepts one connection and never says a word. */
    private static ServerSocket silentServer() throws java.io.IOException {
        ServerSocket silent = new ServerSocket(0);
        Thread.ofVirtual().start(() -> {
            try (Socket s = silent.accept()) {
                Thread.sleep(15_000);
            } catch (Exception e) {
                // the node gave up
            }
        });
        return silent;
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp", "sftp"})
    void aSilentServerIsGivenUpOnInBoundedTime(String protocol) throws Exception {
        try (ServerSocket silent = silentServer()) {
            long start = System.nanoTime();
            String message = error(
                    impatient(protocol, cred(protocol, FileServers.PASSWORD).put("port", silent.getLocalPort()))
                            .run(1, params(protocol, "list", "{'path':'/'}"), null));
            assertThat(message).contains("127.0.0.1:" + silent.getLocalPort());
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(10_000);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp", "sftp"})
    void theTimeoutOptionBoundsTheWaitForASilentServer(String protocol) throws Exception {
        try (ServerSocket silent = silentServer()) {
            long start = System.nanoTime();
            // the node's own bounds are 10 s: the option's 800 ms must be the one that ends the wait
            String message =
                    error(harness(protocol, cred(protocol, FileServers.PASSWORD).put("port", silent.getLocalPort()))
                            .run(1, params(protocol, "list", "{'path':'/','options':{'timeout':800}}"), null));
            assertThat(message).contains("127.0.0.1:" + silent.getLocalPort());
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(6_000);
        }
        assertThat(error(harness(protocol)
                        .run(1, params(protocol, "list", "{'path':'/','options':{'timeout':0}}"), null)))
                .isEqualTo("parameter 'options.timeout': 0 is not a positive number of milliseconds");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp", "sftp"})
    void concurrentReadsDownloadTheSameBytesInAnyChunking(String protocol) throws Exception {
        byte[] data = new byte[300_000];
        new java.util.Random(7).nextBytes(data);
        Files.write(root(protocol).resolve("big-" + protocol + ".bin"), data);
        Files.write(root(protocol).resolve("empty-" + protocol + ".bin"), new byte[0]);
        for (String options : List.of(
                "{'enableConcurrentReads':true}",
                "{'enableConcurrentReads':true,'maxConcurrentReads':3,'chunkSize':7}",
                "{'enableConcurrentReads':true,'maxConcurrentReads':50,'chunkSize':1}",
                "{'enableConcurrentReads':true,'maxConcurrentReads':1,'chunkSize':1000}")) {
            Item down = output(harness(protocol)
                            .run(
                                    1,
                                    params(
                                            protocol,
                                            "download",
                                            "{'path':'/big-" + protocol + ".bin','options':" + options + "}"),
                                    null))
                    .getFirst();
            assertThat(ProtocolHarness.bytes(down.binary().get("data")))
                    .as(options)
                    .isEqualTo(data);
        }
        Item empty = output(harness(protocol)
                        .run(
                                1,
                                params(
                                        protocol,
                                        "download",
                                        "{'path':'/empty-" + protocol
                                                + ".bin','options':{'enableConcurrentReads':true}}"),
                                null))
                .getFirst();
        assertThat(ProtocolHarness.bytes(empty.binary().get("data"))).isEmpty();
        assertThat(error(harness(protocol)
                        .run(
                                1,
                                params(
                                        protocol,
                                        "download",
                                        "{'path':'/missing.bin','options':{'enableConcurrentReads':true}}"),
                                null)))
                .startsWith("download failed on the " + protocol.toUpperCase() + " server at 127.0.0.1:")
                .endsWith("[item 0]");
        assertThat(error(harness(protocol)
                        .run(
                                1,
                                params(
                                        protocol,
                                        "download",
                                        "{'path':'/big-" + protocol + ".bin','options':{'enableConcurrentReads':true,"
                                                + "'chunkSize':0}}"),
                                null)))
                .isEqualTo("parameter 'options': Max Concurrent Reads and Chunk Size must be at least 1 [item 0]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp", "sftp"})
    void aServerSpeakingSomethingElseFailsClearly(String protocol) throws Exception {
        try (ServerSocket garbage = new ServerSocket(0)) {
            Thread.ofVirtual().start(() -> {
                try (Socket s = garbage.accept()) {
                    OutputStream o = s.getOutputStream();
                    o.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    o.flush();
                    s.getInputStream().read(new byte[256]);
                } catch (Exception e) {
                    // closed
                }
            });
            long start = System.nanoTime();
            String message = error(
                    impatient(protocol, cred(protocol, FileServers.PASSWORD).put("port", garbage.getLocalPort()))
                            .run(1, params(protocol, "list", "{'path':'/'}"), null));
            assertThat(message)
                    .contains("the " + protocol.toUpperCase() + " server at 127.0.0.1:" + garbage.getLocalPort());
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(10_000);
        }
    }

    @Test
    void theNetworkPolicyIsAppliedBeforeConnecting() {
        String message = error(harness("sftp")
                .service(NetworkPolicy.class, NetworkPolicy.publicOnly())
                .run(1, params("sftp", "list", "{'path':'/'}"), null));
        assertThat(message).contains("SFTP refused to connect to");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp", "sftp"})
    void continueOnFailTurnsTheFailingItemIntoAnErrorItemAndGoesOn(String protocol) throws Exception {
        Files.writeString(root(protocol).resolve("here-" + protocol + ".txt"), "x");
        ExecutionResult r = harness(protocol)
                .onError(OnError.CONTINUE)
                .run(
                        1,
                        params(protocol, "download", "{'path':'={{ $json.p }}'}"),
                        List.of(
                                Item.of(json("{'p':'/missing.txt'}")),
                                Item.of(json("{'p':'/here-" + protocol + ".txt'}"))));
        List<Item> out = output(r);
        assertThat(out).hasSize(2);
        assertThat(out.stream().filter(i -> i.json().has("error")).toList())
                .singleElement()
                .satisfies(i -> {
                    assertThat(i.json().get("error").asText()).contains("[item 0]");
                    assertThat(i.pairedItem().item()).isZero();
                });
        assertThat(out.stream().filter(i -> i.binary().containsKey("data")).count())
                .isEqualTo(1);

        ExecutionResult down = harness(protocol, cred(protocol, "wrong-password-xyz"))
                .onError(OnError.CONTINUE)
                .run(1, params(protocol, "list", "{'path':'/'}"), List.of(Item.empty(), Item.empty()));
        assertThat(output(down)).hasSize(2).allSatisfy(i -> assertThat(i.json().has("error"))
                .isTrue());
    }

    @Test
    void anN8nExportUploadingOverSftpAndListingRunsUnchanged() throws Exception {
        ExecutionResult r = N8nExports.run(
                "/n8n/ftp-upload-list.json",
                Map.of(),
                Map.of("sftp", cred("sftp", FileServers.PASSWORD), "ftp", cred("ftp", FileServers.PASSWORD)));
        assertThat(r.status()).as("error %s", r.state().error()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(Files.readString(sftp.root.resolve("exports/2026/report.txt")))
                .isEqualTo("12 tickets closed");
        assertThat(Files.readString(ftp.root.resolve("mirror/report.txt"))).isEqualTo("12 tickets closed");
        List<Item> listed = r.output("List", 0);
        assertThat(listed.stream().map(i -> i.json().path("path").asText())).contains("/mirror/report.txt");
    }
}
