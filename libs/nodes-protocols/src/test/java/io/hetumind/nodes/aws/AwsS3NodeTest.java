package io.hetumind.nodes.aws;

import static io.hetumind.nodes.protocols.ProtocolHarness.error;
import static io.hetumind.nodes.protocols.ProtocolHarness.json;
import static io.hetumind.nodes.protocols.ProtocolHarness.output;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.model.BinaryRef;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.OnError;
import io.hetumind.core.spi.ErrorKind;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NetworkPolicy;
import io.hetumind.nodes.protocols.N8nExports;
import io.hetumind.nodes.protocols.ProtocolHarness;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** AWS S3 through the real engine against an in-process S3Proxy that checks v4 signatures. */
class AwsS3NodeTest {

    private static S3Server s3;

    @BeforeAll
    static void start() throws Exception {
        s3 = new S3Server();
    }

    @AfterAll
    static void stop() throws Exception {
        s3.close();
    }

    private static ObjectNode aws(String endpoint, String secret) {
        return Json.object()
                .put("region", "us-east-1")
                .put("accessKeyId", S3Server.ACCESS_KEY)
                .put("secretAccessKey", secret)
                .put("customEndpoints", true)
                .put("s3Endpoint", endpoint);
    }

    private static ProtocolHarness harness(ObjectNode cred) {
        return new ProtocolHarness(new AwsS3Node(Duration.ofSeconds(5))).credential("aws", cred);
    }

    private static List<Item> run(double version, String params, List<Item> input) {
        return output(harness(aws(s3.endpoint(), S3Server.SECRET_KEY)).run(version, params, input));
    }

    private static List<String> keys(List<Item> items, String field) {
        return items.stream().map(i -> i.json().path(field).asText()).toList();
    }

    @ParameterizedTest
    @ValueSource(doubles = {1, 2})
    void bucketsFilesAndFoldersRoundTrip(double version) throws Exception {
        String bucket = "reports-v" + (int) version;
        assertThat(run(version, "{'resource':'bucket','operation':'create','name':'" + bucket + "'}", null)
                        .getFirst()
                        .json())
                .isEqualTo(json("{'success':true}"));
        List<Item> buckets = run(version, "{'resource':'bucket','operation':'getAll','returnAll':true}", null);
        assertThat(keys(buckets, "Name")).contains(bucket);
        assertThat(buckets.getFirst().json().path("CreationDate").asText())
                .matches("\\d{4}-\\d\\d-\\d\\dT.*\\.\\d{3}Z");

        byte[] pdf = "%PDF-1.7 quarterly".getBytes(StandardCharsets.US_ASCII);
        Item file = Item.of(json("{'n':1}"))
                .withBinary(Map.of("data", ProtocolHarness.file("q3.pdf", "application/pdf", pdf)));
        assertThat(run(
                                version,
                                "{'resource':'file','operation':'upload','bucketName':'" + bucket
                                        + "','additionalFields':{'parentFolderKey':'2026/q3'}}",
                                List.of(file))
                        .getFirst()
                        .json())
                .isEqualTo(json("{'success':true}"));
        run(
                version,
                "{'resource':'file','operation':'upload','bucketName':'" + bucket
                        + "','binaryData':false,'fileName':'notes.txt','fileContent':'hello s3'}",
                null);
        run(
                version,
                "{'resource':'folder','operation':'create','bucketName':'" + bucket + "','folderName':'empty'}",
                null);

        List<Item> folders = run(
                version,
                "{'resource':'folder','operation':'getAll','bucketName':'" + bucket + "','returnAll':true}",
                null);
        assertThat(keys(folders, "Key")).containsExactly("empty/");
        assertThat(folders.getFirst().json().path("Size").asText()).isEqualTo("0");

        List<Item> top = run(
                version,
                "{'resource':'file','operation':'getAll','bucketName':'" + bucket + "','returnAll':true}",
                null);
        assertThat(keys(top, "Key")).containsExactly("notes.txt");
        List<Item> inFolder = run(
                version,
                "{'resource':'file','operation':'getAll','bucketName':'" + bucket
                        + "','returnAll':true,'options':{'folderKey':'2026/q3/'}}",
                null);
        assertThat(keys(inFolder, "Key")).containsExactly("2026/q3/q3.pdf");
        assertThat(inFolder.getFirst().json().path("Size").asText()).isEqualTo(String.valueOf(pdf.length));

        List<Item> found = run(
                version,
                "{'resource':'bucket','operation':'search','bucketName':'" + bucket
                        + "','returnAll':false,'limit':10,'additionalFields':{'prefix':'2026/'}}",
                null);
        assertThat(keys(found, "Key")).containsExactly("2026/q3/q3.pdf");
        List<Item> limited = run(
                version, "{'resource':'bucket','operation':'search','bucketName':'" + bucket + "','limit':1}", null);
        assertThat(limited).hasSize(1);

        List<Item> copied = run(
                version,
                "{'resource':'file','operation':'copy','sourcePath':'/" + bucket + "/2026/q3/q3.pdf',"
                        + "'destinationPath':'/" + bucket + "/archive/q3-copy.pdf'}",
                null);
        assertThat(copied.getFirst().json().path("ETag").asText()).isNotEmpty();

        Item down = run(
                        version,
                        "{'resource':'file','operation':'download','bucketName':'" + bucket
                                + "','fileKey':'archive/q3-copy.pdf','binaryPropertyName':'pdf'}",
                        List.of(Item.of(json("{'keep':1}"))))
                .getFirst();
        BinaryRef ref = down.binary().get("pdf");
        assertThat(ref.fileName()).isEqualTo("q3-copy.pdf");
        assertThat(ref.mimeType()).isEqualTo("application/pdf");
        assertThat(ProtocolHarness.bytes(ref)).isEqualTo(pdf);
        assertThat(down.json().path("keep").asInt()).isEqualTo(1);
        Item text = run(
                        version,
                        "{'resource':'file','operation':'download','bucketName':'" + bucket
                                + "','fileKey':'notes.txt'}",
                        null)
                .getFirst();
        assertThat(new String(ProtocolHarness.bytes(text.binary().get("data")), StandardCharsets.UTF_8))
                .isEqualTo("hello s3");

        run(
                version,
                "{'resource':'file','operation':'delete','bucketName':'" + bucket + "','fileKey':'notes.txt'}",
                null);
        ObjectNode deleted = run(
                        version,
                        "{'resource':'folder','operation':'delete','bucketName':'" + bucket + "','folderKey':'2026/'}",
                        null)
                .getFirst()
                .json();
        assertThat(deleted.path("deleted").toString()).contains("2026/q3/q3.pdf");
        run(
                version,
                "{'resource':'folder','operation':'delete','bucketName':'" + bucket + "','folderKey':'empty/'}",
                null);
        run(
                version,
                "{'resource':'file','operation':'delete','bucketName':'" + bucket
                        + "','fileKey':'archive/q3-copy.pdf'}",
                null);
        List<Item> rest = run(
                version,
                "{'resource':'bucket','operation':'search','bucketName':'" + bucket + "','returnAll':true}",
                null);
        assertThat(rest).isEmpty();
        run(version, "{'resource':'bucket','operation':'delete','name':'" + bucket + "'}", null);
        assertThat(keys(run(version, "{'resource':'bucket','operation':'getAll','returnAll':true}", null), "Name"))
                .doesNotContain(bucket);
    }

    @Test
    void aWrongSecretIsAUserErrorThatDoesNotShowTheSecret() {
        String wrong = "wrong-Secret-Key-9876543210zyxwv";
        ExecutionResult r = harness(aws(s3.endpoint(), wrong))
                .run(2, "{'resource':'bucket','operation':'getAll','returnAll':true}", null);
        String message = error(r);
        assertThat(message)
                .contains("S3 at 127.0.0.1:" + s3.port() + " answered 403")
                .contains("[item 0]")
                .doesNotContain(wrong)
                .doesNotContain(S3Server.SECRET_KEY);
        assertThat(r.state().error().kind()).isEqualTo(ErrorKind.USER);
    }

    @Test
    void anUnreachableEndpointNamesHostAndPortQuickly() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        long start = System.nanoTime();
        String message = error(harness(aws("http://127.0.0.1:" + port, S3Server.SECRET_KEY))
                .run(2, "{'resource':'bucket','operation':'getAll'}", null));
        assertThat(message).contains("127.0.0.1:" + port).contains("[item 0]");
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
    }

    @Test
    void aMalformedReplyFailsClearly() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            byte[] body = "<ListAllMyBucketsResult><Buckets><Bucket><Name>x".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/xml");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        try {
            String message =
                    error(harness(aws("http://127.0.0.1:" + server.getAddress().getPort(), S3Server.SECRET_KEY))
                            .run(2, "{'resource':'bucket','operation':'getAll'}", null));
            assertThat(message)
                    .contains("S3 at 127.0.0.1:" + server.getAddress().getPort())
                    .contains("[item 0]");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void uploadSendsN8nsHeadersForTagsAclStorageClassAndTextContent() throws Exception {
        // S3Proxy implements neither tagging nor storage classes: a plain server records what is sent
        java.util.concurrent.BlockingQueue<com.sun.net.httpserver.Headers> seen =
                new java.util.concurrent.LinkedBlockingQueue<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            seen.add(ex.getRequestHeaders());
            ex.getRequestBody().readAllBytes();
            ex.getResponseHeaders().add("ETag", "\"abc\"");
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        server.start();
        try {
            output(harness(aws("http://127.0.0.1:" + server.getAddress().getPort(), S3Server.SECRET_KEY))
                    .run(
                            2,
                            "{'resource':'file','operation':'upload','bucketName':'b','binaryData':false,"
                                    + "'fileName':'n.html','fileContent':'<p>x</p>','additionalFields':{'acl':'publicRead',"
                                    + "'storageClass':'standardIA','requesterPays':true},"
                                    + "'tagsUi':{'tagsValues':[{'key':'team','value':'ops & dev'},{'key':'y','value':'1'}]}}",
                            null));
            com.sun.net.httpserver.Headers h = seen.poll(5, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(h).isNotNull();
            assertThat(h.getFirst("x-amz-tagging")).isEqualTo("team=ops%20%26%20dev&y=1");
            assertThat(h.getFirst("x-amz-acl")).isEqualTo("public-read");
            assertThat(h.getFirst("x-amz-storage-class")).isEqualTo("STANDARD_IA");
            assertThat(h.getFirst("x-amz-request-payer")).isEqualTo("requester");
            assertThat(h.getFirst("Content-Type")).isEqualTo("text/html");
            assertThat(h.getFirst("Authorization")).startsWith("AWS4-HMAC-SHA256 Credential=" + S3Server.ACCESS_KEY);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void theNetworkPolicyIsAppliedToTheEndpoint() {
        String message = error(harness(aws(s3.endpoint(), S3Server.SECRET_KEY))
                .service(NetworkPolicy.class, NetworkPolicy.publicOnly())
                .run(2, "{'resource':'bucket','operation':'getAll'}", null));
        assertThat(message).contains("AWS S3 refused to connect to");
    }

    @Test
    void continueOnFailGivesAnErrorItemForTheMissingKeyAndDownloadsTheRest() {
        run(2, "{'resource':'bucket','operation':'create','name':'cof'}", null);
        run(
                2,
                "{'resource':'file','operation':'upload','bucketName':'cof','binaryData':false,'fileName':'a.txt','fileContent':'A'}",
                null);
        ExecutionResult r = harness(aws(s3.endpoint(), S3Server.SECRET_KEY))
                .onError(OnError.CONTINUE)
                .run(
                        2,
                        "{'resource':'file','operation':'download','bucketName':'cof','fileKey':'={{ $json.k }}'}",
                        List.of(Item.of(json("{'k':'missing.txt'}")), Item.of(json("{'k':'a.txt'}"))));
        List<Item> out = output(r);
        assertThat(out).hasSize(2);
        assertThat(out.stream().filter(i -> i.json().has("error")).toList())
                .singleElement()
                .satisfies(i -> {
                    assertThat(i.json().get("error").asText()).contains("404").contains("[item 0]");
                    assertThat(i.pairedItem().item()).isZero();
                });
        assertThat(out.stream().filter(i -> i.binary().containsKey("data")).count())
                .isEqualTo(1);
    }

    @Test
    void n8nNamesForAclAndStorageClassConvertLikeN8n() {
        assertThat(AwsS3Node.paramCase("publicReadWrite")).isEqualTo("public-read-write");
        assertThat(AwsS3Node.paramCase("Private")).isEqualTo("private");
        assertThat(AwsS3Node.paramCase("bucketOwnerFullControl")).isEqualTo("bucket-owner-full-control");
        assertThat(AwsS3Node.snakeUpper("standardIA")).isEqualTo("STANDARD_IA");
        assertThat(AwsS3Node.snakeUpper("onezoneIA")).isEqualTo("ONEZONE_IA");
        assertThat(AwsS3Node.snakeUpper("deepArchive")).isEqualTo("DEEP_ARCHIVE");
    }

    @Test
    void anN8nExportUploadingAndDownloadingRunsUnchanged() throws Exception {
        run(2, "{'resource':'bucket','operation':'create','name':'exports'}", null);
        ExecutionResult r = N8nExports.run(
                "/n8n/s3-upload-download.json", Map.of(), Map.of("aws", aws(s3.endpoint(), S3Server.SECRET_KEY)));
        assertThat(r.status()).as("error %s", r.state().error()).isEqualTo(ExecutionStatus.SUCCESS);
        Item down = r.output("Download", 0).getFirst();
        assertThat(new String(ProtocolHarness.bytes(down.binary().get("data")), StandardCharsets.UTF_8))
                .isEqualTo("12 tickets closed");
        assertThat(r.output("List", 0).stream().map(i -> i.json().path("Key").asText()))
                .containsExactly("2026/report.txt");
    }
}
