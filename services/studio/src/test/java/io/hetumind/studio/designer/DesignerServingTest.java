package io.hetumind.studio.designer;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.hetumind.testkit.IamAndDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.brotli.dec.BrotliInputStream;
import org.junit.jupiter.api.Test;

/** The designer's page, its single-page-app fallback and the cache headers of its files. */
@QuarkusTest
@WithTestResource(IamAndDatabase.class)
class DesignerServingTest {
    static final String INDEX_MARK = "<div id=\"app\">";
    static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build(); // never decodes by itself: the test sees the bytes on the wire

    @TestHTTPResource("/")
    URI base;

    @Test
    void aReloadOfAnAppRouteServesThePage() {
        for (String path : new String[] {"/workflows", "/workflows/abc", "/workflows/abc/versions", "/invite"}) {
            given().accept("text/html,application/xhtml+xml")
                    .get(path)
                    .then()
                    .statusCode(200)
                    .header("Cache-Control", equalTo("no-cache"))
                    .body(containsString(INDEX_MARK));
        }
        given().accept("text/html").head("/executions").then().statusCode(200).header("Cache-Control", "no-cache");
    }

    @Test
    void apiOpsAndNonHtmlRequestsNeverGetThePage() {
        given().accept("application/json").get("/workflows/abc").then().statusCode(404);
        given().accept("text/html").post("/workflows/abc").then().statusCode(not(200));
        for (String path : new String[] {
            "/api/v1/nothing-here",
            "/q/nothing-here",
            "/ws/nothing",
            "/webhook/nope",
            "/webhook-test/nope",
            "/iam/nothing"
        }) {
            String body = given().accept("text/html").get(path).then().extract().asString();
            assertThat(body).as(path).doesNotContain(INDEX_MARK);
        }
    }

    @Test
    void hashedAssetsAreCachedForAYearAndMissingOnesAre404() {
        String index =
                given().get("/index.html").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("/assets/[A-Za-z0-9._-]+\\.js").matcher(index);
        assertThat(m.find()).as("index.html names a script under /assets/").isTrue();
        given().get(m.group())
                .then()
                .statusCode(200)
                .contentType(containsString("javascript"))
                .header("Cache-Control", equalTo(DesignerRoutes.ASSET_CACHE));
        given().accept("text/html")
                .get("/assets/no-such-file-1234.js")
                .then()
                .statusCode(404)
                .header("Cache-Control", nullValue());
    }

    @Test
    void thePageAndTheAppScriptAreSentInTheEncodingTheClientAccepts() throws Exception {
        byte[] index = classpath("/index.html");
        String script = mainScript(new String(index, java.nio.charset.StandardCharsets.UTF_8));
        byte[] js = classpath(script);
        assertThat(js.length).as("the app script is a real bundle").isGreaterThan(10_000);

        for (String path : new String[] {"/", "/index.html", "/workflows/abc", script}) {
            byte[] file = path.equals(script) ? js : index;
            String cache = path.equals(script) ? DesignerRoutes.ASSET_CACHE : "no-cache";
            String[][] cases = {
                {"gzip, deflate, br, zstd", "br"}, // what Chromium sends
                {"gzip, deflate", "gzip"},
                {"br;q=0.5, gzip", "gzip"},
                {"identity", null},
                {null, null}, // no header: identity
                {"gzip;q=0, br;q=0", null}
            };
            String identityTag = null;
            for (String[] c : cases) {
                HttpResponse<byte[]> r = get(path, c[0], null);
                String what = path + " with Accept-Encoding " + c[0];
                assertThat(r.statusCode()).as(what).isEqualTo(200);
                assertThat(r.headers().firstValue("Content-Encoding"))
                        .as(what)
                        .isEqualTo(java.util.Optional.ofNullable(c[1]));
                assertThat(r.headers().firstValue("Vary").orElse("")).as(what).containsIgnoringCase("Accept-Encoding");
                assertThat(r.headers().firstValue("Cache-Control")).as(what).hasValue(cache);
                assertThat(r.headers().firstValue("Content-Type").orElse(""))
                        .as(what)
                        .contains(path.equals(script) ? "javascript" : "text/html");
                assertThat(r.headers().firstValue("Content-Length")).as(what).hasValue(String.valueOf(r.body().length));
                String etag = r.headers().firstValue("ETag").orElseThrow();
                assertThat(etag).as(what).matches("\"[0-9a-f]{24}(-br|-gzip)?\"");
                if (c[1] == null) {
                    assertThat(r.body()).as(what).isEqualTo(file);
                    identityTag = etag;
                } else {
                    assertThat(r.body().length)
                            .as(what + ": smaller on the wire")
                            .isLessThan(file.length * 9 / 10);
                    assertThat(decode(c[1], r.body()))
                            .as(what + ": decodes to the file")
                            .isEqualTo(file);
                    assertThat(etag).as(what).endsWith("-" + c[1] + "\"");
                }
            }
            assertThat(identityTag).isNotNull();
        }
    }

    @Test
    void aRevalidationWithTheSameEncodingsTagIs304AndAnotherEncodingGetsTheBody() throws Exception {
        String script = mainScript(new String(classpath("/index.html"), java.nio.charset.StandardCharsets.UTF_8));
        for (String path : new String[] {"/", script}) {
            HttpResponse<byte[]> first = get(path, "gzip", null);
            String gzipTag = first.headers().firstValue("ETag").orElseThrow();

            HttpResponse<byte[]> again = get(path, "gzip", gzipTag);
            assertThat(again.statusCode()).as(path).isEqualTo(304);
            assertThat(again.body()).as(path).isEmpty();
            assertThat(again.headers().firstValue("ETag")).as(path).hasValue(gzipTag);
            assertThat(again.headers().firstValue("Vary").orElse("")).as(path).containsIgnoringCase("Accept-Encoding");

            HttpResponse<byte[]> other = get(path, "br", gzipTag);
            assertThat(other.statusCode())
                    .as(path + ": a brotli client's copy is another one")
                    .isEqualTo(200);
            assertThat(other.headers().firstValue("Content-Encoding")).as(path).hasValue("br");
        }
    }

    @Test
    void aHeadRequestGetsTheHeadersOfTheChosenEncodingWithoutABody() throws Exception {
        String script = mainScript(new String(classpath("/index.html"), java.nio.charset.StandardCharsets.UTF_8));
        int brLength = get(script, "br", null).body().length;
        HttpResponse<byte[]> head = HTTP.send(
                HttpRequest.newBuilder(base.resolve(script))
                        .method("HEAD", HttpRequest.BodyPublishers.noBody())
                        .header("Accept-Encoding", "br")
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Encoding")).hasValue("br");
        assertThat(head.headers().firstValue("Content-Length")).hasValue(String.valueOf(brLength));
        assertThat(head.body()).isEmpty();
    }

    private HttpResponse<byte[]> get(String path, String acceptEncoding, String ifNoneMatch)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path))
                .header("Accept", "text/html,*/*")
                .timeout(Duration.ofSeconds(30));
        if (acceptEncoding != null) {
            b.header("Accept-Encoding", acceptEncoding);
        }
        if (ifNoneMatch != null) {
            b.header("If-None-Match", ifNoneMatch);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The entry script index.html loads (the app chunk, the biggest file the first page needs after the designer). */
    private static String mainScript(String index) {
        Matcher m =
                Pattern.compile("src=\"(/assets/index-[A-Za-z0-9_-]+\\.js)\"").matcher(index);
        assertThat(m.find())
                .as("index.html loads its entry script from /assets/: " + index)
                .isTrue();
        return m.group(1);
    }

    private static byte[] classpath(String path) throws IOException {
        try (InputStream in =
                Thread.currentThread().getContextClassLoader().getResourceAsStream(DesignerRoutes.ROOT + path)) {
            assertThat(in).as("the designer's " + path + " on the class path").isNotNull();
            return in.readAllBytes();
        }
    }

    private static byte[] decode(String encoding, byte[] body) throws IOException {
        try (InputStream in = encoding.equals("br")
                ? new BrotliInputStream(new ByteArrayInputStream(body))
                : new GZIPInputStream(new ByteArrayInputStream(body))) {
            return in.readAllBytes();
        }
    }
}
