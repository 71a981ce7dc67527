package io.hetumind.nodes.http;

import static io.hetumind.nodes.NodeTests.error;
import static io.hetumind.nodes.NodeTests.items;
import static io.hetumind.nodes.NodeTests.json;
import static io.hetumind.nodes.NodeTests.out;
import static io.hetumind.nodes.NodeTests.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.spi.Json;
import io.hetumind.nodes.credentials.NodeRunner;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What HTTP Request 4.3 and 4.4 change (n8n 2.8.4): 4.3 collects a repeated query, header or
 * form name into an array; 4.4 stops sending credentials on a redirect to another origin. Also the
 * redirect and query rules every v3+ version shares, against two real local servers.
 */
class HttpRequestV43V44Test {

    private static LocalServer a;
    private static LocalServer b;

    private final HttpRequestNode node = new HttpRequestNode();

    /** The request as the server saw it: method, raw query, headers of interest, body. */
    private static String seen(com.sun.net.httpserver.HttpExchange ex) throws IOException {
        var o = Json.object()
                .put("method", ex.getRequestMethod())
                .put("query", ex.getRequestURI().getRawQuery())
                .put("authorization", ex.getRequestHeaders().getFirst("Authorization"))
                .put("apiKey", ex.getRequestHeaders().getFirst("X-Api-Key"))
                .put("contentType", ex.getRequestHeaders().getFirst("Content-Type"))
                .put("body", LocalServer.body(ex));
        var multi = o.putArray("x");
        List<String> xs = ex.getRequestHeaders().get("X-Multi");
        if (xs != null) {
            xs.forEach(multi::add);
        }
        return o.toString();
    }

    @BeforeAll
    static void start() throws IOException {
        b = new LocalServer()
                .on("/echo", ex -> LocalServer.reply(ex, 200, "application/json", seen(ex)))
                .on("/back", ex -> {
                    ex.getResponseHeaders().set("Location", a.url("/echo"));
                    LocalServer.reply(ex, 302, "text/plain", "");
                });
        a = new LocalServer()
                .on("/echo", ex -> LocalServer.reply(ex, 200, "application/json", seen(ex)))
                .on("/to-b", ex -> {
                    LocalServer.body(ex);
                    ex.getResponseHeaders().set("Location", b.url("/echo"));
                    LocalServer.reply(ex, 302, "text/plain", "");
                })
                .on("/to-b-and-back", ex -> {
                    ex.getResponseHeaders().set("Location", b.url("/back"));
                    LocalServer.reply(ex, 302, "text/plain", "");
                })
                .on("/here", ex -> {
                    LocalServer.body(ex);
                    int status = Integer.parseInt(ex.getRequestURI().getQuery().substring("s=".length()));
                    ex.getResponseHeaders().set("Location", "/echo");
                    LocalServer.reply(ex, status, "text/plain", "");
                })
                .on("/broken", ex -> LocalServer.reply(ex, 200, "application/json", "{\"a\":"))
                .on("/unauthorized", ex -> LocalServer.reply(ex, 401, "application/json", "{\"error\":\"bad token\"}"));
    }

    @AfterAll
    static void stop() {
        a.close();
        b.close();
    }

    private JsonNode get(double version, String params) {
        return out(run(node, version, params, items("[{}]")), 0).getFirst();
    }

    private static String repeated(String list, String options) {
        return "{'url':'" + a.url("/echo") + "','sendQuery':true,'queryParameters':{'parameters':" + list
                + "},'options':" + options + "}";
    }

    private static final String TWICE =
            "[{'name':'tag','value':'x'},{'name':'n','value':1},{'name':'tag','value':'y y'}]";

    @Test
    void aRepeatedQueryNameKeepsTheLastValueBefore43AndBecomesAnArrayFrom43() {
        assertThat(get(4.2, repeated(TWICE, "{}")).get("query").asText()).isEqualTo("tag=y%20y&n=1");
        assertThat(get(4.3, repeated(TWICE, "{}")).get("query").asText())
                .isEqualTo("tag%5B0%5D=x&tag%5B1%5D=y%20y&n=1");
        assertThat(get(4.4, repeated(TWICE, "{'queryParameterArrays':'repeat'}"))
                        .get("query")
                        .asText())
                .isEqualTo("tag=x&tag=y%20y&n=1");
        assertThat(get(4.4, repeated(TWICE, "{'queryParameterArrays':'brackets'}"))
                        .get("query")
                        .asText())
                .isEqualTo("tag%5B%5D=x&tag%5B%5D=y%20y&n=1");
        // a row whose value is an array takes the repeated name's later values, as n8n pushes onto it
        assertThat(get(4.3, repeated("[{'name':'t','value':'={{ [1, 2] }}'},{'name':'t','value':'3'}]", "{}"))
                        .get("query")
                        .asText())
                .isEqualTo("t%5B0%5D=1&t%5B1%5D=2&t%5B2%5D=3");
        // n8n-core knows repeat and brackets only: any other format is qs's default, indices
        assertThat(get(4.4, repeated(TWICE, "{'queryParameterArrays':'comma'}"))
                        .get("query")
                        .asText())
                .isEqualTo("tag%5B0%5D=x&tag%5B1%5D=y%20y&n=1");
        // a name given three times keeps collecting; the option is read only when query parameters are sent
        assertThat(get(
                                4.3,
                                repeated(
                                        "[{'name':'t','value':'1'},{'name':'t','value':'2'},{'name':'t','value':'3'}]",
                                        "{'queryParameterArrays':'repeat'}"))
                        .get("query")
                        .asText())
                .isEqualTo("t=1&t=2&t=3");
    }

    @Test
    void jsonQueryArraysAndObjectsAreWrittenAsQsDoesInEveryV3Version() {
        String params = "{'url':'" + a.url("/echo?k=v") + "','sendQuery':true,'specifyQuery':'json',"
                + "'jsonQuery':'{\\\"ids\\\":[1,2],\\\"f\\\":{\\\"a\\\":true},\\\"z\\\":null}'}";
        for (double v : new double[] {3, 4.2, 4.4}) {
            assertThat(get(v, params).get("query").asText())
                    .as("v%s", v)
                    .isEqualTo("k=v&ids%5B0%5D=1&ids%5B1%5D=2&f%5Ba%5D=true&z=");
        }
    }

    @Test
    void aRepeatedHeaderOrFormNameIsCollectedFrom43() {
        String headers = "{'url':'" + a.url("/echo") + "','sendHeaders':true,'headerParameters':{'parameters':"
                + "[{'name':'X-Multi','value':'one'},{'name':'X-Multi','value':'two'}]}}";
        assertThat(get(4.2, headers).get("x")).isEqualTo(Json.parse("[\"two\"]"));
        assertThat(get(4.3, headers).get("x")).isEqualTo(Json.parse("[\"one, two\"]"));
        String form = "{'method':'POST','url':'" + a.url("/echo") + "','sendBody':true,"
                + "'contentType':'form-urlencoded','bodyParameters':{'parameters':"
                + "[{'name':'f','value':'x'},{'name':'g','value':'1'},{'name':'f','value':'y'}]}}";
        assertThat(get(4.2, form).get("body").asText()).isEqualTo("f=y&g=1");
        assertThat(get(4.4, form).get("body").asText()).isEqualTo("f%5B0%5D=x&f%5B1%5D=y&g=1");
    }

    @Test
    void multipartKeepsEveryFieldInOrderAndJsonRowsNestByPath() {
        String multipart = "{'method':'POST','url':'" + a.url("/echo") + "','sendBody':true,"
                + "'contentType':'multipart-form-data','bodyParameters':{'parameters':"
                + "[{'name':'f','value':'x'},{'name':'g','value':'1'},{'name':'f','value':'y'}]}}";
        String body = get(4.4, multipart).get("body").asText();
        assertThat(body.indexOf("\r\n\r\nx\r\n"))
                .isPositive()
                .isLessThan(body.indexOf("\r\n\r\n1\r\n"))
                .isLessThan(body.indexOf("\r\n\r\ny\r\n"));
        String before42 = get(4.1, multipart).get("body").asText();
        assertThat(before42).doesNotContain("\r\n\r\nx\r\n").contains("\r\n\r\ny\r\n");
        String rows = "{'method':'POST','url':'" + a.url("/echo") + "','sendBody':true,'bodyParameters':"
                + "{'parameters':[{'name':'a.b','value':'1'},{'name':'a.c','value':'2'}]}}";
        assertThat(Json.parse(get(4.4, rows).get("body").asText())).isEqualTo(json("{'a':{'b':'1','c':'2'}}"));
        assertThat(Json.parse(get(3, rows).get("body").asText())).isEqualTo(json("{'a.b':'1','a.c':'2'}"));
    }

    private static ExecutionResult bearer(double version, String path, String options) {
        return new NodeRunner(new HttpRequestNode())
                .credential("httpBearerAuth", json("{'token':'tok-123'}"))
                .credential("httpHeaderAuth", json("{'name':'X-Api-Key','value':'k-9'}"))
                .run(
                        version,
                        json("{'url':'" + a.url(path) + "','authentication':'genericCredentialType',"
                                + "'genericAuthType':'httpBearerAuth','options':" + options + "}"),
                        null);
    }

    private static JsonNode first(ExecutionResult r) {
        assertThat(r.status()).as("error: %s", r.state().error()).isEqualTo(ExecutionStatus.SUCCESS);
        return r.output("Node", 0).getFirst().json();
    }

    @Test
    void credentialsStayBehindOnARedirectToAnotherOriginUnlessAskedInEveryVersion() {
        // n8n before 4.4 sends them there by default: a credential leak, deliberately not matched
        assertThat(first(bearer(4.3, "/to-b", "{}")).get("authorization").isNull())
                .isTrue();
        assertThat(first(bearer(4.3, "/to-b", "{'sendCredentialsOnCrossOriginRedirect':true}"))
                        .get("authorization")
                        .asText())
                .isEqualTo("Bearer tok-123");
        assertThat(first(bearer(4.4, "/to-b", "{}")).get("authorization").isNull())
                .isTrue();
        assertThat(first(bearer(4.4, "/to-b", "{'sendCredentialsOnCrossOriginRedirect':true}"))
                        .get("authorization")
                        .asText())
                .isEqualTo("Bearer tok-123");
        assertThat(first(bearer(4.2, "/to-b", "{'sendCredentialsOnCrossOriginRedirect':false}"))
                        .get("authorization")
                        .isNull())
                .isTrue();
        // back on the first request's origin the credential is sent again
        assertThat(first(bearer(4.4, "/to-b-and-back", "{}"))
                        .get("authorization")
                        .asText())
                .isEqualTo("Bearer tok-123");
    }

    @Test
    void aHeaderCredentialUnderItsOwnNameFollowsEveryRedirectAsInN8n() {
        ExecutionResult r = new NodeRunner(new HttpRequestNode())
                .credential("httpHeaderAuth", json("{'name':'X-Api-Key','value':'k-9'}"))
                .run(
                        4.4,
                        json("{'url':'" + a.url("/to-b") + "','authentication':'genericCredentialType',"
                                + "'genericAuthType':'httpHeaderAuth'}"),
                        null);
        assertThat(first(r).get("apiKey").asText()).isEqualTo("k-9");
    }

    @Test
    void redirectMethodsAreFollowRedirectsRules() {
        String put = "{'method':'PUT','url':'" + a.url("/here?s=302") + "','sendBody':true,'specifyBody':'json',"
                + "'jsonBody':'{\\\"a\\\":1}'}";
        JsonNode kept = get(4.4, put);
        assertThat(kept.get("method").asText()).isEqualTo("PUT");
        assertThat(kept.get("body").asText()).isEqualTo("{\"a\":1}");
        JsonNode post = get(4.4, put.replace("'PUT'", "'POST'"));
        assertThat(post.get("method").asText()).isEqualTo("GET");
        assertThat(post.get("body").asText()).isEmpty();
        assertThat(post.get("contentType").isNull()).isTrue();
        JsonNode seeOther = get(4.4, put.replace("s=302", "s=303"));
        assertThat(seeOther.get("method").asText()).isEqualTo("GET");
    }

    @Test
    void v3FollowsRedirectsOnlyWhenAskedAndAnUnfollowedRedirectFailsLikeAnyNon2xx() {
        String here = "{'url':'" + a.url("/here?s=302") + "','options':%s}";
        assertThat(error(run(node, 3, here.formatted("{}"), items("[{}]"))))
                .contains("HTTP 302")
                .contains("[item 0]");
        JsonNode asked = get(3, here.formatted("{'redirect':{'redirect':{'followRedirects':true}}}"));
        assertThat(asked.path("method").asText())
                .as("the echo after the redirect: %s", asked)
                .isEqualTo("GET");
        JsonNode empty = get(4, here.formatted("{'redirect':{'redirect':{}}}"));
        assertThat(empty.path("method").asText())
                .as("the echo after the redirect: %s", empty)
                .isEqualTo("GET");
        // maxRedirects 0 is not passed on by n8n: the default bound (21) applies
        JsonNode zero = get(4.4, here.formatted("{'redirect':{'redirect':{'followRedirects':true,'maxRedirects':0}}}"));
        assertThat(zero.path("method").asText())
                .as("the echo after the redirect: %s", zero)
                .isEqualTo("GET");
        // an empty text body leaves the item empty, as n8n keeps no body for it
        assertThat(get(
                        4.4,
                        here.formatted("{'redirect':{'redirect':{'followRedirects':false}},"
                                + "'response':{'response':{'neverError':true}}}")))
                .isEqualTo(json("{}"));
    }

    @Test
    void badInputFailsWithTheNodeAndItem() throws IOException {
        ExecutionResult malformed = run(
                node,
                4.4,
                "{'url':'" + a.url("/broken") + "','options':{'response':{'response':{'responseFormat':'json'}}}}",
                items("[{},{}]"));
        assertThat(error(malformed)).contains("not valid JSON");
        assertThat(malformed.state().error().node()).isEqualTo("Node");
        assertThat(malformed.state().error().itemIndex()).isZero();

        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        ExecutionResult unreachable = run(node, 4.4, "{'url':'http://127.0.0.1:" + closed + "/x'}", items("[{}]"));
        assertThat(error(unreachable)).contains("127.0.0.1").contains("[item 0]");
        assertThat(unreachable.state().error().node()).isEqualTo("Node");

        ExecutionResult badToken = bearer(4.4, "/unauthorized", "{}");
        assertThat(badToken.status()).isEqualTo(ExecutionStatus.ERROR);
        assertThat(badToken.state().error().message()).contains("401").doesNotContain("tok-123");
        assertThat(badToken.state().error().node()).isEqualTo("Node");
        assertThat(badToken.state().error().itemIndex()).isZero();
    }
}
