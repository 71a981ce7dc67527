package io.hetumind.nodes.http;

import static io.hetumind.nodes.NodeTests.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.nodes.credentials.NodeRunner;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The HTTP Request node's {@code httpDigestAuth} and {@code httpCustomAuth} generic credentials. The Digest endpoint
 * checks answers with its own SHA-256 arithmetic (RFC 7616), one nonce per challenge; the echo endpoint shows what
 * Custom Auth merged.
 */
class HttpDigestCustomAuthTest {

    private static final String USER = "bob";
    private static final String PASSWORD = "d1gest-Secret!";
    private static final Pattern PARAM = Pattern.compile("(\\w+)=(?:\"((?:[^\"\\\\]|\\\\.)*)\"|([^,\\s]+))");
    private static final List<String> AUTHORIZATIONS = new CopyOnWriteArrayList<>();
    private static final List<String> NONCES = new CopyOnWriteArrayList<>();
    private static LocalServer server;

    @BeforeAll
    static void start() throws java.io.IOException {
        server = new LocalServer()
                .on("/digest", ex -> {
                    String auth = ex.getRequestHeaders().getFirst("Authorization");
                    AUTHORIZATIONS.add(String.valueOf(auth));
                    String target = ex.getRequestURI().getRawPath()
                            + (ex.getRequestURI().getRawQuery() == null
                                    ? ""
                                    : "?" + ex.getRequestURI().getRawQuery());
                    if (auth != null && valid(auth, ex.getRequestMethod(), target)) {
                        LocalServer.reply(ex, 200, "application/json", "{\"ok\":true}");
                        return;
                    }
                    String nonce = UUID.randomUUID().toString();
                    NONCES.add(nonce);
                    ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"other\"");
                    ex.getResponseHeaders()
                            .add(
                                    "WWW-Authenticate",
                                    "Digest realm=\"local\", qop=\"auth\", algorithm=SHA-256, nonce=\"" + nonce
                                            + "\", opaque=\"op-1\"");
                    LocalServer.reply(ex, 401, "text/plain", "digest needed");
                })
                .on(
                        "/echo",
                        ex -> LocalServer.reply(
                                ex,
                                200,
                                "application/json",
                                json("{}")
                                        .put("token", ex.getRequestHeaders().getFirst("X-Token"))
                                        .put("query", ex.getRequestURI().getRawQuery())
                                        .put("body", LocalServer.body(ex))
                                        .toString()));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** The server side of RFC 7616 for SHA-256 and qop auth, written apart from the client's code. */
    private static boolean valid(String authorization, String method, String target) {
        Map<String, String> p = new LinkedHashMap<>();
        Matcher m = PARAM.matcher(authorization.substring("Digest ".length()));
        while (m.find()) {
            p.put(m.group(1), m.group(2) != null ? m.group(2) : m.group(3));
        }
        if (!NONCES.contains(p.get("nonce")) || !target.equals(p.get("uri")) || !"op-1".equals(p.get("opaque"))) {
            return false;
        }
        String ha1 = sha256(USER + ":local:" + PASSWORD);
        String ha2 = sha256(method + ":" + target);
        String expected =
                sha256(ha1 + ":" + p.get("nonce") + ":" + p.get("nc") + ":" + p.get("cnonce") + ":auth:" + ha2);
        return USER.equals(p.get("username")) && "auth".equals(p.get("qop")) && expected.equals(p.get("response"));
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String params(String path, String kind, String more) {
        return "{'url':'" + server.url(path) + "','authentication':'genericCredentialType','genericAuthType':'" + kind
                + "'" + more + "}";
    }

    @Test
    void digestAnswersTheStrongestChallengeAndNeverSendsThePassword() {
        AUTHORIZATIONS.clear();
        ExecutionResult r = new NodeRunner(new HttpRequestNode())
                .credential("httpDigestAuth", json("{}").put("user", USER).put("password", PASSWORD))
                .run(4.2, params("/digest?page=1", "httpDigestAuth", ",'method':'POST'"));
        assertThat(r.status()).as("error: %s", r.state().error()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(r.output("Node", 0).getFirst().json().path("ok").asBoolean()).isTrue();
        assertThat(AUTHORIZATIONS).hasSize(2);
        assertThat(AUTHORIZATIONS.get(0)).isEqualTo("null");
        assertThat(AUTHORIZATIONS.get(1))
                .startsWith("Digest username=\"bob\", realm=\"local\"")
                .contains("algorithm=SHA-256", "uri=\"/digest?page=1\"")
                .doesNotContain(PASSWORD);
    }

    @Test
    void version1sOwnDigestAuthUsesTheSameCredential() {
        ExecutionResult r = new NodeRunner(new HttpRequestNode())
                .credential("httpDigestAuth", json("{}").put("user", USER).put("password", PASSWORD))
                .run(1, json("{'authentication':'digestAuth'}").put("url", server.url("/digest")), null);
        assertThat(r.status()).as("error: %s", r.state().error()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(r.output("Node", 0).getFirst().json().path("ok").asBoolean()).isTrue();
    }

    @Test
    void aWrongDigestPasswordFailsWithTheServersStatusAndNoSecret() {
        AUTHORIZATIONS.clear();
        ExecutionResult r = new NodeRunner(new HttpRequestNode())
                .credential("httpDigestAuth", json("{}").put("user", USER).put("password", "not-the-Secret"))
                .run(4.2, params("/digest", "httpDigestAuth", ""));
        assertThat(r.status()).isEqualTo(ExecutionStatus.ERROR);
        assertThat(r.state().error().message()).contains("401").doesNotContain("not-the-Secret");
        assertThat(AUTHORIZATIONS).as("one answer, no loop").hasSize(2);
    }

    @Test
    void customAuthMergesHeadersQueryAndBodyOverTheNodesOwn() {
        String custom = "{\"headers\": {\"X-Token\": \"t0ken-abc\"}, \"qs\": {\"key\": \"q-v\"},"
                + " \"body\": {\"secret\": \"b0dy-s3cret\", \"name\": \"from-auth\"}}";
        ExecutionResult r = new NodeRunner(new HttpRequestNode())
                .credential("httpCustomAuth", json("{}").put("json", custom))
                .run(
                        4.2,
                        params(
                                "/echo?a=1",
                                "httpCustomAuth",
                                ",'method':'POST','sendBody':true,'contentType':'json','specifyBody':'keypair',"
                                        + "'bodyParameters':{'parameters':[{'name':'name','value':'own'},"
                                        + "{'name':'keep','value':'yes'}]}"));
        assertThat(r.status()).as("error: %s", r.state().error()).isEqualTo(ExecutionStatus.SUCCESS);
        JsonNode echo = r.output("Node", 0).getFirst().json();
        assertThat(echo.path("token").asText()).isEqualTo("t0ken-abc");
        assertThat(echo.path("query").asText()).isEqualTo("a=1&key=q-v");
        JsonNode body = json(echo.path("body").asText());
        // HTTP Request spreads the credential's body last (n8n), so its fields win there
        assertThat(body.path("name").asText()).isEqualTo("from-auth");
        assertThat(body.path("keep").asText()).isEqualTo("yes");
        assertThat(body.path("secret").asText()).isEqualTo("b0dy-s3cret");
    }

    @Test
    void customAuthOnAGetSendsNoBodyAndBadJsonIsAUserError() {
        ExecutionResult get = new NodeRunner(new HttpRequestNode())
                .credential("httpCustomAuth", json("{}").put("json", "{\"body\": {\"x\": 1}, \"qs\": {\"n\": 2}}"))
                .run(4.2, params("/echo", "httpCustomAuth", ""));
        JsonNode echo = get.output("Node", 0).getFirst().json();
        assertThat(echo.path("body").asText()).isEmpty();
        assertThat(echo.path("query").asText()).isEqualTo("n=2");

        ExecutionResult bad = new NodeRunner(new HttpRequestNode())
                .credential("httpCustomAuth", json("{}").put("json", "{\"headers\": "))
                .run(4.2, params("/echo", "httpCustomAuth", ""));
        assertThat(bad.state().error().message()).isEqualTo("Invalid Custom Auth JSON [item 0]");
    }
}
