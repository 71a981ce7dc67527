package io.hetumind.nodes.http;

import static io.hetumind.nodes.NodeTests.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.engine.FileBinaryStore;
import io.hetumind.core.model.BinaryRef;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.Json;
import io.hetumind.nodes.NodeTests;
import io.hetumind.nodes.credentials.NodeRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** HTTP Request v1/v2: n8n's legacy parameter shape against a local server. */
class HttpLegacyTest {

    private static LocalServer server;

    @BeforeAll
    static void start() throws IOException {
        server = new LocalServer()
                .on("/echo", ex -> {
                    ObjectNode o = Json.object();
                    o.put("method", ex.getRequestMethod());
                    o.put("query", ex.getRequestURI().getRawQuery());
                    for (String h : List.of("accept", "content-type", "authorization", "x-custom")) {
                        o.put(h, ex.getRequestHeaders().getFirst(h));
                    }
                    o.put("body", LocalServer.body(ex));
                    LocalServer.reply(ex, 200, "application/json", Json.write(o));
                })
                .on("/list", ex -> LocalServer.reply(ex, 200, "application/json", "[{\"a\":1},{\"a\":2}]"))
                .on("/text", ex -> LocalServer.reply(ex, 200, "text/plain", "plain words"))
                .on("/missing", ex -> LocalServer.reply(ex, 404, "application/json", "{\"error\":\"nope\"}"))
                .on("/image.png", ex -> {
                    byte[] png = {(byte) 0x89, 'P', 'N', 'G'};
                    ex.getResponseHeaders().set("Content-Type", "image/png");
                    ex.sendResponseHeaders(200, png.length);
                    ex.getResponseBody().write(png);
                    ex.close();
                })
                .on("/go", ex -> {
                    ex.getResponseHeaders().set("Location", server.url("/text"));
                    ex.sendResponseHeaders(302, -1);
                    ex.close();
                });
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static ExecutionResult run(double version, String params) {
        return new NodeRunner(new HttpRequestNode()).run(version, json(params), null);
    }

    private static JsonNode only(ExecutionResult r) {
        assertThat(r.status()).as("%s", r.state().error()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(r.output("Node", 0)).hasSize(1);
        return r.output("Node", 0).getFirst().json();
    }

    @Test
    void uiParametersBuildQueryHeadersAndJsonBody() {
        JsonNode echo = only(run(
                1,
                "{'requestMethod':'POST','url':'" + server.url("/echo") + "',"
                        + "'queryParametersUi':{'parameter':[{'name':'tag','value':'a'},{'name':'tag','value':'b'},"
                        + "{'name':'q','value':'x y'}]},"
                        + "'headerParametersUi':{'parameter':[{'name':'X-Custom','value':'yes'}]},"
                        + "'bodyParametersUi':{'parameter':[{'name':'n','value':'5'}]}}"));
        assertThat(echo.get("method").asText()).isEqualTo("POST");
        assertThat(echo.get("query").asText()).isEqualTo("tag%5B0%5D=a&tag%5B1%5D=b&q=x%20y");
        assertThat(echo.get("x-custom").asText()).isEqualTo("yes");
        assertThat(echo.get("accept").asText()).isEqualTo("application/json,text/*;q=0.99");
        assertThat(echo.get("content-type").asText()).isEqualTo("application/json");
        assertThat(echo.get("body").asText()).isEqualTo("{\"n\":\"5\"}");
    }

    @Test
    void useQueryStringRepeatsArrayParameters() {
        JsonNode echo = only(run(
                2,
                "{'url':'" + server.url("/echo") + "','jsonParameters':true,"
                        + "'queryParametersJson':'{`tag`:[`a`,`b`]}','options':{'useQueryString':true}}"));
        assertThat(echo.get("query").asText()).isEqualTo("tag=a&tag=b");
    }

    @Test
    void jsonParametersFormAndRawBodies() {
        JsonNode form = only(run(
                1,
                "{'requestMethod':'PUT','url':'" + server.url("/echo") + "','jsonParameters':true,"
                        + "'bodyParametersJson':'{`a`:1,`b`:`two`}','headerParametersJson':'{`X-Custom`:`h`}',"
                        + "'options':{'bodyContentType':'form-urlencoded'}}"));
        assertThat(form.get("content-type").asText()).isEqualTo("application/x-www-form-urlencoded");
        assertThat(form.get("body").asText()).isEqualTo("a=1&b=two");
        assertThat(form.get("x-custom").asText()).isEqualTo("h");
        JsonNode raw = only(run(
                1,
                "{'requestMethod':'POST','url':'" + server.url("/echo") + "','jsonParameters':true,"
                        + "'bodyParametersJson':'<a>xml</a>',"
                        + "'options':{'bodyContentType':'raw','bodyContentCustomMimeType':'application/xml'}}"));
        assertThat(raw.get("content-type").asText()).isEqualTo("application/xml");
        assertThat(raw.get("body").asText()).isEqualTo("<a>xml</a>");
        assertThat(NodeTests.error(run(
                        1,
                        "{'requestMethod':'POST','url':'" + server.url("/echo")
                                + "','jsonParameters':true,'bodyParametersJson':'<a/>'}")))
                .contains("The data in \"Body Parameters\" is no valid JSON");
    }

    @Test
    void arraysStayOneItemUnlessSplitIntoItems() {
        assertThat(only(run(1, "{'url':'" + server.url("/list") + "'}")))
                .isEqualTo(NodeTests.json("{'0':{'a':1},'1':{'a':2}}"));
        ExecutionResult split = run(1, "{'url':'" + server.url("/list") + "','options':{'splitIntoItems':true}}");
        assertThat(split.output("Node", 0))
                .extracting(i -> i.json().get("a").asInt())
                .containsExactly(1, 2);
    }

    @Test
    void stringAndFullResponses() {
        assertThat(only(run(
                        1, "{'url':'" + server.url("/text") + "','responseFormat':'string','dataPropertyName':'t'}")))
                .isEqualTo(NodeTests.json("{'t':'plain words'}"));
        JsonNode full = only(run(2, "{'url':'" + server.url("/list") + "','options':{'fullResponse':true}}"));
        assertThat(full.get("statusCode").asInt()).isEqualTo(200);
        assertThat(full.get("statusMessage").asText()).isEqualTo("OK");
        assertThat(full.get("body").size()).isEqualTo(2);
        assertThat(full.get("headers").get("content-type").asText()).isEqualTo("application/json");
    }

    @Test
    void errorsUnlessIgnoreResponseCode() {
        assertThat(NodeTests.error(run(1, "{'url':'" + server.url("/missing") + "'}")))
                .contains("could not be found")
                .contains("404");
        assertThat(only(run(1, "{'url':'" + server.url("/missing") + "','options':{'ignoreResponseCode':true}}")))
                .isEqualTo(NodeTests.json("{'error':'nope'}"));
    }

    @Test
    void redirectsFollowedForGetUnlessTurnedOff() {
        assertThat(only(run(1, "{'url':'" + server.url("/go") + "','responseFormat':'string'}"))
                        .get("data")
                        .asText())
                .isEqualTo("plain words");
        ExecutionResult off = run(
                1,
                "{'url':'" + server.url("/go") + "','responseFormat':'string',"
                        + "'options':{'followRedirect':false,'ignoreResponseCode':true}}");
        // an empty body gives an empty item, as n8n 2.8.4 does (n8n-recorded/HttpRequest/redirect-defaults)
        assertThat(only(off)).isEqualTo(NodeTests.json("{}"));
    }

    @Test
    void fileResponsesKeepTheInputJsonAndFiles() throws IOException {
        FileBinaryStore store = new FileBinaryStore(Files.createTempDirectory("bin"), 1 << 20);
        BinaryRef earlier = store.put("e", new java.io.ByteArrayInputStream(new byte[] {1}), "x/y", "old.bin");
        ExecutionResult r = new NodeRunner(new HttpRequestNode())
                .binaryStore(store)
                .run(
                        1,
                        json("{'url':'" + server.url("/image.png")
                                + "','responseFormat':'file','dataPropertyName':'img'}"),
                        List.of(new Item(NodeTests.json("{'keep':true}"), java.util.Map.of("old", earlier), null)));
        assertThat(r.status()).as("%s", r.state().error()).isEqualTo(ExecutionStatus.SUCCESS);
        Item item = r.output("Node", 0).getFirst();
        assertThat(item.json()).isEqualTo(NodeTests.json("{'keep':true}"));
        assertThat(item.binary()).containsKeys("old", "img");
        assertThat(item.binary().get("img").fileName()).isEqualTo("image.png");
        assertThat(item.binary().get("img").mimeType()).isEqualTo("image/png");
    }

    @Test
    void sendBinaryFileSendsTheItemsFilesRawOrAsMultipartParts() throws IOException {
        FileBinaryStore store = new FileBinaryStore(Files.createTempDirectory("bin"), 1 << 20);
        BinaryRef doc = store.put(
                "e",
                new java.io.ByteArrayInputStream("%PDF-1.4 body".getBytes(StandardCharsets.UTF_8)),
                "application/pdf",
                "a.pdf");
        BinaryRef pic = store.put(
                "e",
                new java.io.ByteArrayInputStream("PNGDATA".getBytes(StandardCharsets.UTF_8)),
                "image/png",
                "b.png");
        List<Item> input = List.of(new Item(NodeTests.json("{}"), java.util.Map.of("doc", doc, "pic", pic), null));
        NodeRunner runner = new NodeRunner(new HttpRequestNode()).binaryStore(store);
        String base = "{'requestMethod':'POST','url':'" + server.url("/echo") + "','jsonParameters':true,"
                + "'sendBinaryData':true,'bodyParametersJson':'{\\\"ignored\\\":true}',";
        JsonNode raw = only(runner.run(
                1,
                json(base + "'binaryPropertyName':'doc','options':{'bodyContentType':'raw',"
                        + "'bodyContentCustomMimeType':'application/pdf'}}"),
                input));
        assertThat(raw.get("body").asText()).isEqualTo("%PDF-1.4 body");
        assertThat(raw.get("content-type").asText()).isEqualTo("application/pdf");
        JsonNode parts = only(runner.run(
                2,
                json(base + "'binaryPropertyName':'first:doc, second:pic',"
                        + "'options':{'bodyContentType':'multipart-form-data'}}"),
                input));
        assertThat(parts.get("content-type").asText()).startsWith("multipart/form-data; boundary=");
        String body = parts.get("body").asText();
        assertThat(body)
                .contains("name=\"first\"; filename=\"a.pdf\"")
                .contains("%PDF-1.4 body")
                .contains("name=\"second\"; filename=\"b.png\"")
                .contains("PNGDATA")
                .doesNotContain("ignored");
        // one field without a key is sent as "file"
        assertThat(only(runner.run(
                                1,
                                json(base + "'binaryPropertyName':'pic','options':{'bodyContentType':"
                                        + "'multipart-form-data'}}"),
                                input))
                        .get("body")
                        .asText())
                .contains("name=\"file\"; filename=\"b.png\"");
        assertThat(runner.run(
                                1,
                                json(base + "'binaryPropertyName':'doc,pic','options':{'bodyContentType':"
                                        + "'multipart-form-data'}}"),
                                input)
                        .state()
                        .error()
                        .message())
                .startsWith("If more than one property should be send it is needed to define the in the format:");
        assertThat(runner.run(1, json(base + "'binaryPropertyName':'doc'}"), input)
                        .state()
                        .error()
                        .message())
                .startsWith("Sending binary data is only supported when option \"Body Content Type\" is set to"
                        + " \"RAW/CUSTOM\" or \"FORM-DATA/MULTIPART\"!");
        assertThat(runner.run(1, json(base + "'binaryPropertyName':'nope','options':{'bodyContentType':'raw'}}"), input)
                        .state()
                        .error()
                        .message())
                .startsWith("This operation expects the node's input data to contain a binary file 'nope'");
    }

    @Test
    void v1BasicAuthUsesTheBasicCredential() {
        ExecutionResult r = new NodeRunner(new HttpRequestNode())
                .credential("httpBasicAuth", NodeTests.json("{'user':'u','password':'p'}"))
                .run(1, json("{'url':'" + server.url("/echo") + "','authentication':'basicAuth'}"), null);
        assertThat(only(r).get("authorization").asText()).isEqualTo("Basic dTpw");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> run(1, "{'url':'" + server.url("/echo") + "','authentication':'oAuth1'}"))
                .hasMessageContaining("must be one of [\"none\", \"basicAuth\", \"digestAuth\"");
    }
}
