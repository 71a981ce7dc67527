package io.hetumind.nodes.http;

import static io.hetumind.nodes.NodeTests.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.model.OnError;
import io.hetumind.nodes.credentials.NodeRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HttpAuthTest {

    private static LocalServer server;
    private static final AtomicInteger TOKENS_ISSUED = new AtomicInteger();
    private static final AtomicReference<String> VALID_TOKEN = new AtomicReference<>("none");
    private static final AtomicReference<String> TOKEN_REQUEST = new AtomicReference<>();

    @BeforeAll
    static void start() throws IOException {
        server = new LocalServer()
                .on(
                        "/echo",
                        ex -> LocalServer.reply(
                                ex,
                                200,
                                "application/json",
                                json("{}")
                                        .put(
                                                "authorization",
                                                ex.getRequestHeaders().getFirst("Authorization"))
                                        .put("apiKey", ex.getRequestHeaders().getFirst("X-API-Key"))
                                        .put("query", ex.getRequestURI().getRawQuery())
                                        .toString()))
                .on(
                        "/reject",
                        ex -> LocalServer.reply(
                                ex,
                                403,
                                "text/plain",
                                "denied for " + ex.getRequestHeaders().getFirst("Authorization") + " "
                                        + ex.getRequestURI()))
                .on("/token", ex -> {
                    TOKEN_REQUEST.set(ex.getRequestHeaders().getFirst("Authorization") + " " + LocalServer.body(ex));
                    String token = "tok-" + TOKENS_ISSUED.incrementAndGet();
                    VALID_TOKEN.set(token);
                    LocalServer.reply(
                            ex,
                            200,
                            "application/json",
                            "{\"access_token\":\"" + token + "\",\"token_type\":\"bearer\",\"expires_in\":3600}");
                })
                .on("/protected", ex -> {
                    String auth = ex.getRequestHeaders().getFirst("Authorization");
                    if (("Bearer " + VALID_TOKEN.get()).equals(auth)) {
                        LocalServer.reply(
                                ex, 200, "application/json", "{\"ok\":true,\"token\":\"" + VALID_TOKEN.get() + "\"}");
                    } else {
                        LocalServer.reply(ex, 401, "application/json", "{\"error\":\"invalid_token\"}");
                    }
                });
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String params(String path, String kind) {
        return "{'url':'" + server.url(path) + "','authentication':'genericCredentialType','genericAuthType':'" + kind
                + "'}";
    }

    private static com.fasterxml.jackson.databind.JsonNode first(ExecutionResult r) {
        assertThat(r.status()).as("error: %s", r.state().error()).isEqualTo(ExecutionStatus.SUCCESS);
        return r.output("Node", 0).getFirst().json();
    }

    @Test
    void basicBearerHeaderAndQueryCredentials() {
        var basic = first(new NodeRunner(new HttpRequestNode())
                .credential("httpBasicAuth", json("{'user':'ann','password':'s3cr3t!'}"))
                .run(4.2, params("/echo", "httpBasicAuth")));
        assertThat(basic.get("authorization").asText())
                .isEqualTo(
                        "Basic " + Base64.getEncoder().encodeToString("ann:s3cr3t!".getBytes(StandardCharsets.UTF_8)));
        var bearer = first(new NodeRunner(new HttpRequestNode())
                .credential("httpBearerAuth", json("{'token':'abc.def'}"))
                .run(4.2, params("/echo", "httpBearerAuth")));
        assertThat(bearer.get("authorization").asText()).isEqualTo("Bearer abc.def");
        var header = first(new NodeRunner(new HttpRequestNode())
                .credential("httpHeaderAuth", json("{'name':'X-API-Key','value':'k-123'}"))
                .run(4.2, params("/echo", "httpHeaderAuth")));
        assertThat(header.get("apiKey").asText()).isEqualTo("k-123");
        var query = first(new NodeRunner(new HttpRequestNode())
                .credential("httpQueryAuth", json("{'name':'api_key','value':'q v'}"))
                .run(4.2, params("/echo?a=1", "httpQueryAuth")));
        assertThat(query.get("query").asText()).isEqualTo("a=1&api_key=q%20v");
    }

    @Test
    void missingCredentialIsAUserErrorNamingTheType() {
        ExecutionResult r = new NodeRunner(new HttpRequestNode()).run(4.2, params("/echo", "httpBearerAuth"));
        assertThat(r.status()).isEqualTo(ExecutionStatus.ERROR);
        assertThat(r.state().error().message()).contains("httpBearerAuth").contains("[item 0]");
    }

    @Test
    void oauth2ClientCredentialsFetchesCachesAndRefreshesOn401() {
        var cred = json("{'grantType':'clientCredentials','accessTokenUrl':'" + server.url("/token")
                + "','clientId':'app','clientSecret':'very-secret-cs','scope':'read','authentication':'header'}");
        int before = TOKENS_ISSUED.get();
        var one = first(new NodeRunner(new HttpRequestNode())
                .credential("oAuth2Api", cred)
                .run(4.2, params("/protected", "oAuth2Api")));
        assertThat(one.get("ok").asBoolean()).isTrue();
        assertThat(TOKENS_ISSUED.get()).isEqualTo(before + 1);
        assertThat(TOKEN_REQUEST.get())
                .startsWith("Basic "
                        + Base64.getEncoder().encodeToString("app:very-secret-cs".getBytes(StandardCharsets.UTF_8)))
                .contains("grant_type=client_credentials")
                .contains("scope=read");

        first(new NodeRunner(new HttpRequestNode())
                .credential("oAuth2Api", cred)
                .run(4.2, params("/protected", "oAuth2Api")));
        assertThat(TOKENS_ISSUED.get()).as("cached token reused").isEqualTo(before + 1);

        VALID_TOKEN.set("revoked-by-server");
        var three = first(new NodeRunner(new HttpRequestNode())
                .credential("oAuth2Api", cred)
                .run(4.2, params("/protected", "oAuth2Api")));
        assertThat(three.get("ok").asBoolean()).isTrue();
        assertThat(TOKENS_ISSUED.get()).as("refetched after 401").isEqualTo(before + 2);
    }

    @Test
    void oauth2CredentialsInBody() {
        var cred = json("{'accessTokenUrl':'" + server.url("/token")
                + "','clientId':'app2','clientSecret':'body-secret','authentication':'body'}");
        first(new NodeRunner(new HttpRequestNode())
                .credential("oAuth2Api", cred)
                .run(4.2, params("/protected", "oAuth2Api")));
        assertThat(TOKEN_REQUEST.get())
                .startsWith("null ")
                .contains("client_id=app2")
                .contains("client_secret=body-secret");
    }

    @Test
    void failingAuthenticatedRequestLeaksNoSecretIntoErrorsOrRunData() {
        String password = "pa55-w0rd-XYZ";
        String basic = Base64.getEncoder().encodeToString(("ann:" + password).getBytes(StandardCharsets.UTF_8));
        ExecutionResult r = new NodeRunner(new HttpRequestNode())
                .credential("httpBasicAuth", json("{'user':'ann','password':'" + password + "'}"))
                .run(4.2, params("/reject", "httpBasicAuth"));
        assertThat(r.status()).isEqualTo(ExecutionStatus.ERROR);
        String everything = r.state().toJson() + r.toJson() + r.state().error();
        assertThat(everything).contains("Forbidden").doesNotContain(password).doesNotContain(basic);

        ExecutionResult q = new NodeRunner(new HttpRequestNode())
                .credential("httpQueryAuth", json("{'name':'api_key','value':'query-secret-77'}"))
                .onError(OnError.CONTINUE)
                .run(4.2, params("/reject", "httpQueryAuth"));
        assertThat(q.status()).isEqualTo(ExecutionStatus.SUCCESS);
        String out = q.state().toJson() + q.toJson();
        assertThat(out).contains("NodeApiError").contains("***").doesNotContain("query-secret-77");
    }
}
