package io.hetumind.studio;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;

import io.hetumind.testkit.Iam;
import io.hetumind.testkit.IamAndDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(IamAndDatabase.class)
class NodeCatalogTest {
    @TestHTTPResource("/api/v1/node-types")
    URI catalog;

    @Test
    void listsEveryDescriptorToSignedInUsers() {
        Iam iam = Iam.newTenant(); // ownerToken() renews the short test token on a slow machine
        given().auth()
                .oauth2(iam.ownerToken())
                .get("/api/v1/node-types")
                .then()
                .statusCode(200)
                .body("size()", greaterThan(30))
                .body("findAll { it.displayName == 'Edit Fields (Set)' }.size()", equalTo(1))
                // node modules of their own (libs/nodes-wasm) are found the same way
                .body("findAll { it.type == 'hetumind.wasm' }.size()", equalTo(1))
                // only node plugins' types name a plugin: here the test plugin's three (PluginNodesTest)
                .body(
                        "findAll { it.plugin != null }.type",
                        containsInAnyOrder("acme-shout.shout", "acme-shout.resolve", "acme-shout.probe"));
        // n8n's type names are aliases of ours.
        given().auth()
                .oauth2(iam.ownerToken())
                .get("/api/v1/node-types/n8n-nodes-base.set")
                .then()
                .statusCode(200)
                .body("displayName", equalTo("Edit Fields (Set)"));
        given().auth()
                .oauth2(iam.ownerToken())
                .get("/api/v1/node-types/n8n-nodes-base.nope")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void nodePluginsHaveAWellnessCheck() {
        // the test plugin is loaded and healthy, nothing is refused: UP (PluginLoaderTest covers DOWN)
        given().get("/q/health/well").then().body("checks.find { it.name == 'node-plugins' }.status", equalTo("UP"));
    }

    @Test
    void refusesAnonymousCallers() {
        given().get("/api/v1/node-types").then().statusCode(401);
    }

    @Test
    void theCatalogIsSentGzippedWhenAcceptedAndRevalidatesWithA304() throws Exception {
        Iam iam = Iam.newTenant();
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(); // decodes nothing by itself
        java.util.function.BiFunction<String, String, HttpResponse<byte[]>> get = (encoding, ifNoneMatch) -> {
            HttpRequest.Builder b = HttpRequest.newBuilder(catalog)
                    .header("Authorization", "Bearer " + iam.ownerToken())
                    .header("Accept", "application/json")
                    .timeout(Duration.ofSeconds(60));
            if (encoding != null) {
                b.header("Accept-Encoding", encoding);
            }
            if (ifNoneMatch != null) {
                b.header("If-None-Match", ifNoneMatch);
            }
            try {
                return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        };
        HttpResponse<byte[]> plain = get.apply(null, null);
        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(plain.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(plain.headers().firstValue("Vary").orElse("")).containsIgnoringCase("Accept-Encoding");
        assertThat(plain.headers().firstValue("Cache-Control")).hasValue("private, no-cache");
        assertThat(io.hetumind.core.spi.Json.parse(new String(plain.body(), java.nio.charset.StandardCharsets.UTF_8))
                        .size())
                .isGreaterThan(30);

        HttpResponse<byte[]> gz = get.apply("gzip, deflate, br, zstd", null); // a browser's header: no br form here
        assertThat(gz.statusCode()).isEqualTo(200);
        assertThat(gz.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(gz.body().length).as("a tenth or so of the JSON").isLessThan(plain.body().length / 4);
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz.body()))) {
            assertThat(in.readAllBytes()).as("decodes to the same JSON").isEqualTo(plain.body());
        }
        String plainTag = plain.headers().firstValue("ETag").orElseThrow();
        String gzTag = gz.headers().firstValue("ETag").orElseThrow();
        assertThat(gzTag).isEqualTo(plainTag.substring(0, plainTag.length() - 1) + "-gzip\"");

        HttpResponse<byte[]> again = get.apply("gzip", gzTag);
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(get.apply(null, gzTag).statusCode())
                .as("an identity client's copy is another one")
                .isEqualTo(200);
        assertThat(get.apply(null, plainTag).statusCode()).isEqualTo(304);
        // a 304 is no way around sign-in
        HttpResponse<byte[]> anonymous = http.send(
                HttpRequest.newBuilder(catalog).header("If-None-Match", gzTag).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }
}
