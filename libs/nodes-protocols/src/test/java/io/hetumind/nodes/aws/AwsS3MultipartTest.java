package io.hetumind.nodes.aws;

import static io.hetumind.nodes.protocols.ProtocolHarness.error;
import static io.hetumind.nodes.protocols.ProtocolHarness.json;
import static io.hetumind.nodes.protocols.ProtocolHarness.output;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.hetumind.core.model.BinaryRef;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.Json;
import io.hetumind.nodes.protocols.ProtocolHarness;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Binary uploads larger than one 5 MB part go through S3's multipart upload: against S3Proxy (which
 * checks signatures and part sizes), and on the wire against a plain server for the headers of the
 * upload's creation and the abort after a failing part.
 */
class AwsS3MultipartTest {

    private static S3Server s3;

    @BeforeAll
    static void start() throws Exception {
        s3 = new S3Server();
    }

    @AfterAll
    static void stop() throws Exception {
        s3.close();
    }

    private static ObjectNode aws(String endpoint) {
        return Json.object()
                .put("region", "us-east-1")
                .put("accessKeyId", S3Server.ACCESS_KEY)
                .put("secretAccessKey", S3Server.SECRET_KEY)
                .put("customEndpoints", true)
                .put("s3Endpoint", endpoint);
    }

    private static ProtocolHarness harness(String endpoint) {
        return new ProtocolHarness(new AwsS3Node(Duration.ofSeconds(30))).credential("aws", aws(endpoint));
    }

    private static byte[] random(int size) {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        return data;
    }

    private static Item withFile(String name, byte[] data) {
        return Item.of(json("{'n':1}"))
                .withBinary(Map.of("data", ProtocolHarness.file(name, "application/octet-stream", data)));
    }

    @Test
    void aBodyLargerThanOnePartIsUploadedInPartsAndReadsBackWhole() {
        output(harness(s3.endpoint()).run(2, "{'resource':'bucket','operation':'create','name':'big'}", null));
        byte[] data = random(2 * S3Upload.PART_SIZE + 123_457);
        List<Item> out = output(harness(s3.endpoint())
                .run(
                        2,
                        "{'resource':'file','operation':'upload','bucketName':'big','additionalFields':{'parentFolderKey':'dumps'}}",
                        List.of(withFile("dump.bin", data))));
        ObjectNode result = out.getFirst().json();
        assertThat(result.path("Bucket").asText()).isEqualTo("big");
        assertThat(result.path("Key").asText()).isEqualTo("dumps/dump.bin");
        assertThat(result.path("ETag").asText()).endsWith("-3\"");
        assertThat(result.has("Location")).isTrue();
        assertThat(out.getFirst().pairedItem().item()).isZero();

        Item down = output(harness(s3.endpoint())
                        .run(
                                2,
                                "{'resource':'file','operation':'download','bucketName':'big','fileKey':'dumps/dump.bin'}",
                                null))
                .getFirst();
        BinaryRef ref = down.binary().get("data");
        assertThat(ProtocolHarness.bytes(ref)).isEqualTo(data);
    }

    @Test
    void aBodyOfExactlyOnePartIsOnePut() {
        output(harness(s3.endpoint()).run(2, "{'resource':'bucket','operation':'create','name':'edge'}", null));
        byte[] data = random(S3Upload.PART_SIZE);
        List<Item> out = output(harness(s3.endpoint())
                .run(
                        1,
                        "{'resource':'file','operation':'upload','bucketName':'edge'}",
                        List.of(withFile("one.bin", data))));
        assertThat(out.getFirst().json()).isEqualTo(json("{'success':true}"));
        Item down = output(harness(s3.endpoint())
                        .run(
                                1,
                                "{'resource':'file','operation':'download','bucketName':'edge','fileKey':'one.bin'}",
                                null))
                .getFirst();
        assertThat(ProtocolHarness.bytes(down.binary().get("data"))).isEqualTo(data);
    }

    @Test
    void theUploadCarriesN8nsHeadersAndIsAbortedWhenAPartFails() throws Exception {
        BlockingQueue<String> calls = new LinkedBlockingQueue<>();
        BlockingQueue<com.sun.net.httpserver.Headers> created = new LinkedBlockingQueue<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            String query = ex.getRequestURI().getRawQuery();
            calls.add(ex.getRequestMethod() + " " + ex.getRequestURI().getRawPath() + "?" + query);
            ex.getRequestBody().readAllBytes();
            byte[] body = new byte[0];
            int status = 200;
            if (ex.getRequestMethod().equals("POST") && query != null && query.contains("uploads")) {
                created.add(ex.getRequestHeaders());
                body = ("<InitiateMultipartUploadResult><Bucket>b</Bucket><Key>big.bin</Key>"
                                + "<UploadId>up-1</UploadId></InitiateMultipartUploadResult>")
                        .getBytes(StandardCharsets.UTF_8);
            } else if (query != null && query.contains("partNumber=1")) {
                ex.getResponseHeaders().add("ETag", "\"p1\"");
            } else if (query != null && query.contains("partNumber=2")) {
                status = 500;
                body = "<Error><Code>InternalError</Code><Message>disk full</Message></Error>"
                        .getBytes(StandardCharsets.UTF_8);
            } else if (ex.getRequestMethod().equals("DELETE")) {
                status = 204;
            }
            ex.getResponseHeaders().add("Content-Type", "application/xml");
            ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                ex.getResponseBody().write(body);
            }
            ex.close();
        });
        server.start();
        try {
            String endpoint = "http://127.0.0.1:" + server.getAddress().getPort();
            String message = error(harness(endpoint)
                    .run(
                            2,
                            "{'resource':'file','operation':'upload','bucketName':'b','fileName':'big.bin',"
                                    + "'additionalFields':{'acl':'publicRead','storageClass':'standardIA'},"
                                    + "'tagsUi':{'tagsValues':[{'key':'team','value':'ops'}]}}",
                            List.of(withFile("x.bin", random(S3Upload.PART_SIZE + 10)))));
            assertThat(message)
                    .contains("S3 at 127.0.0.1:" + server.getAddress().getPort() + " answered 500 InternalError")
                    .contains("[item 0]");
            com.sun.net.httpserver.Headers h = created.poll(5, TimeUnit.SECONDS);
            assertThat(h).isNotNull();
            assertThat(h.getFirst("x-amz-acl")).isEqualTo("public-read");
            assertThat(h.getFirst("x-amz-storage-class")).isEqualTo("STANDARD_IA");
            assertThat(h.getFirst("x-amz-tagging")).isEqualTo("team=ops");
            assertThat(h.getFirst("Content-Type")).isEqualTo("application/octet-stream");
            List<String> seen = List.copyOf(calls);
            assertThat(seen).hasSize(4);
            assertThat(seen.get(0)).startsWith("POST /b/big.bin?uploads");
            assertThat(seen.get(1)).startsWith("PUT /b/big.bin?").contains("partNumber=1", "uploadId=up-1");
            assertThat(seen.get(2)).startsWith("PUT /b/big.bin?").contains("partNumber=2", "uploadId=up-1");
            assertThat(seen.get(3)).startsWith("DELETE /b/big.bin?").contains("uploadId=up-1");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void thePartSizeGrowsOnlyWhenTenThousandPartsWouldNotHoldTheFile() {
        assertThat(S3Upload.partSize(0)).isEqualTo(S3Upload.PART_SIZE);
        assertThat(S3Upload.partSize(10_000L * S3Upload.PART_SIZE)).isEqualTo(S3Upload.PART_SIZE);
        assertThat(S3Upload.partSize(10_000L * S3Upload.PART_SIZE + 1)).isEqualTo(6 * 1024 * 1024);
        assertThat(S3Upload.partSize(5L << 40)).isEqualTo(525 * 1024 * 1024);
    }
}
