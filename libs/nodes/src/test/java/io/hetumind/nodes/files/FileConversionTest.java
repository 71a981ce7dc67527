package io.hetumind.nodes.files;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.engine.Engine;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.engine.FileBinaryStore;
import io.hetumind.core.engine.RunRequest;
import io.hetumind.core.format.WorkflowFormat;
import io.hetumind.core.model.BinaryRef;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.BinaryStore;
import io.hetumind.core.spi.Json;
import io.hetumind.nodes.NodeTests;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Convert to File and Extract From File through the real engine and a file binary store. */
class FileConversionTest {

    @TempDir
    Path dir;

    private BinaryStore store;

    /** Runs Start → Convert (params) → Extract (params) on {@code input}. */
    private ExecutionResult chain(String convert, String extract, String input) {
        return chain(convert, extract, input, "{}");
    }

    private ExecutionResult chain(String convert, String extract, String input, String settings) {
        store = new FileBinaryStore(dir, 1 << 20);
        String wf =
                """
                {"name":"files","nodes":[
                  {"name":"Start","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"parameters":{}},
                  {"name":"Convert","type":"n8n-nodes-base.convertToFile","typeVersion":1.1,"parameters":%s},
                  {"name":"Extract","type":"n8n-nodes-base.extractFromFile","typeVersion":1,"parameters":%s}],
                 "connections":{
                   "Start":{"main":[[{"node":"Convert","type":"main","index":0}]]},
                   "Convert":{"main":[[{"node":"Extract","type":"main","index":0}]]}},
                 "settings":%s}
                """
                        .formatted(convert.replace('\'', '"'), extract.replace('\'', '"'), settings.replace('\'', '"'));
        Engine engine = Engine.builder()
                .expressions(NodeTests.expressions())
                .service(BinaryStore.class, store)
                .build();
        ExecutionResult r = engine.run(
                engine.prepare(WorkflowFormat.readJson(wf)),
                RunRequest.defaults().sequential().withInput(NodeTests.items(input)));
        assertThat(r.status()).as("error: %s", r.state().error()).isEqualTo(ExecutionStatus.SUCCESS);
        return r;
    }

    private static List<JsonNode> json(ExecutionResult r, String node) {
        return r.output(node, 0).stream().map(i -> (JsonNode) i.json()).toList();
    }

    private byte[] bytes(ExecutionResult r, String property) throws Exception {
        return store.read(r.output("Convert", 0).getFirst().binary().get(property));
    }

    @Test
    void iCalUsesTheStartForAnEmptyEndAndWritesTheSameTimesInTheWorkflowZone() {
        // what n8n 2.8.4 wrote for these items (recorded with scripts/n8n-diff, workflow zone Asia/Tokyo): an empty
        // end is the start, and useWorkflowTimezone moves the times into the zone and back, changing nothing
        String input = "[{'start':'2024-01-03T10:00:00','end':'2024-01-03T11:30:00+02:00','allDay':false},"
                + "{'start':'2024-01-03','end':'2024-01-04','allDay':true},"
                + "{'start':'2024-03-31T01:30:00Z','end':'','allDay':false}]";
        List<String> expected = List.of(
                "DTSTART:20240103T100000Z|DTEND:20240103T093000Z",
                "DTSTART;VALUE=DATE:20240103|DTEND;VALUE=DATE:20240105",
                "DTSTART:20240331T013000Z|DTEND:20240331T013000Z");
        for (String zone : List.of("false", "true")) {
            ExecutionResult r = chain(
                    "{'operation':'iCal','title':'T','start':'={{ $json.start }}','end':'={{ $json.end }}',"
                            + "'allDay':'={{ $json.allDay }}','additionalFields':{'uid':'u','useWorkflowTimezone':"
                            + zone + "}}",
                    "{'operation':'text','options':{}}",
                    input,
                    "{'timezone':'Asia/Tokyo'}");
            List<String> times = json(r, "Extract").stream()
                    .map(j -> String.join(
                            "|",
                            j.path("data")
                                    .asText()
                                    .lines()
                                    .filter(l -> l.startsWith("DTSTART") || l.startsWith("DTEND"))
                                    .toList()))
                    .toList();
            assertThat(times).as("useWorkflowTimezone %s", zone).isEqualTo(expected);
        }
    }

    @Test
    void csvRoundTripFlattensNestedFieldsAndKeepsTheBom() throws Exception {
        ExecutionResult r = chain(
                "{'options':{}}",
                "{'options':{}}",
                "[{'a':1,'b':{'c':'x, y'},'t':true},{'a':2.5,'q':'say \\\"hi\\\"','n':null}]");
        String csv = new String(bytes(r, "data"), StandardCharsets.UTF_8);
        assertThat(csv).isEqualTo("\uFEFFa,b.c,t,q,n\n1,\"x, y\",TRUE,,\n2.5,,,\"say \"\"hi\"\"\",");
        BinaryRef ref = r.output("Convert", 0).getFirst().binary().get("data");
        assertThat(ref.fileName()).isEqualTo("File.csv");
        assertThat(ref.mimeType()).isEqualTo("text/csv");
        assertThat(json(r, "Extract"))
                .containsExactlyElementsOf(NodeTests.jsons(
                        "[{'\uFEFFa':'1','b.c':'x, y','t':'TRUE'},{'\uFEFFa':'2.5','q':'say \\\"hi\\\"'}]"));
    }

    @Test
    void csvOptionsDelimiterHeaderAndBomExclusion() throws Exception {
        ExecutionResult r = chain(
                "{'options':{'delimiter':'|','headerRow':false}}",
                "{'options':{'delimiter':'|','headerRow':false,'includeEmptyCells':true,'enableBOM':true}}",
                "[{'a':'1','b':''},{'a':'x|y','b':'2'}]");
        assertThat(new String(bytes(r, "data"), StandardCharsets.UTF_8)).isEqualTo("\uFEFF1|\n\"x|y\"|2");
        assertThat(json(r, "Extract"))
                .containsExactlyElementsOf(NodeTests.jsons("[{'row':['1','']},{'row':['x|y','2']}]"));
    }

    @Test
    void csvReaderHandlesQuotedNewlinesCrLfMaxRowsAndStartLine() {
        Csv.ReadOptions all = new Csv.ReadOptions(",", 0, -1, true, false);
        String text = "h1,h2\r\n\"multi\nline\",\"q\"\"x\"\r\n3,4\r\n5,6\r\n";
        assertThat(Csv.parse(text, all))
                .containsExactly(
                        List.of("h1", "h2"), List.of("multi\nline", "q\"x"), List.of("3", "4"), List.of("5", "6"));
        assertThat(Csv.toJson(Csv.parse(text, all), new Csv.ReadOptions(",", 0, 2, true, false), false))
                .hasSize(2);
        assertThat(Csv.parse("skip me\nh\n1", new Csv.ReadOptions(",", 2, -1, true, false)))
                .containsExactly(List.of("h"), List.of("1"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Csv.toJson(Csv.parse("a,b\n1,2,3", all), all, false))
                .hasMessageContaining("Invalid Record Length");
    }

    /** csv-parse 5.5's words, and its line count at the end of input: a quoted newline counts, a final one not. */
    @Test
    void csvErrorsUseCsvParsesWordsAndLines() {
        var all = new Csv.ReadOptions(",", 0, -1, true, false);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Csv.parse("a,b\n1,\"open\n2,3\n", all))
                .hasMessage("Quote Not Closed: the parsing is finished with an opening quote at line 3");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Csv.parse("a\r\n\"x\r\ny", all))
                .hasMessage("Quote Not Closed: the parsing is finished with an opening quote at line 4");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Csv.parse("a,b\n\"x\"y,2\n", all))
                .hasMessage("Invalid Closing Quote: got \"y\" at line 2 instead of delimiter, record delimiter,"
                        + " trimable character (if activated) or comment");
    }

    @Test
    void toJsonOnceEachAndFormatted() throws Exception {
        ExecutionResult once = chain(
                "{'operation':'toJson','options':{'format':true}}",
                "{'operation':'fromJson','options':{}}",
                "[{'a':1,'l':[1,{}]},{'b':[]}]");
        assertThat(new String(bytes(once, "data"), StandardCharsets.UTF_8))
                .isEqualTo(
                        "[\n  {\n    \"a\": 1,\n    \"l\": [\n      1,\n      {}\n    ]\n  },\n  {\n    \"b\": []\n  }\n]");
        assertThat(json(once, "Extract"))
                .containsExactlyElementsOf(NodeTests.jsons("[{'data':[{'a':1,'l':[1,{}]},{'b':[]}]}]"));
        ExecutionResult each = chain(
                "{'operation':'toJson','mode':'each','binaryPropertyName':'f','options':{'fileName':'x.json'}}",
                "{'operation':'text','binaryPropertyName':'f','destinationKey':'out.text','options':{}}",
                "[{'a':1},{'a':2}]");
        assertThat(json(each, "Extract"))
                .containsExactlyElementsOf(NodeTests.jsons(
                        "[{'out':{'text':'{`a`:1}'}},{'out':{'text':'{`a`:2}'}}]".replace("`", "\\\"")));
        assertThat(each.output("Convert", 0).getFirst().binary().get("f").fileName())
                .isEqualTo("x.json");
        // n8n's Format has no version rule: v1 formats too
        store = new FileBinaryStore(dir, 1 << 20);
        ExecutionResult v1 = new io.hetumind.nodes.credentials.NodeRunner(new ConvertToFileNode())
                .binaryStore(store)
                .run(
                        1,
                        NodeTests.json("{'operation':'toJson','options':{'format':true}}"),
                        NodeTests.items("[{'a':1}]"));
        assertThat(new String(
                        store.read(v1.output("Node", 0).getFirst().binary().get("data")), StandardCharsets.UTF_8))
                .isEqualTo("[\n  {\n    \"a\": 1\n  }\n]");
    }

    @Test
    void toTextInALegacyEncodingRoundTrips() throws Exception {
        String czech = "Karlovy Vary město lázní";
        ExecutionResult r = chain(
                "{'operation':'toText','sourceProperty':'text','binaryPropertyName':'myfile','options':{'encoding':'windows1250'}}",
                "{'operation':'text','binaryPropertyName':'myfile','options':{'encoding':'windows1250'}}",
                "[{'text':'" + czech + "'}]");
        assertThat(bytes(r, "myfile")).isEqualTo(czech.getBytes(Charset.forName("windows-1250")));
        assertThat(json(r, "Extract").getFirst().get("data").asText()).isEqualTo(czech);
        assertThat(r.output("Convert", 0).getFirst().binary().get("myfile").fileName())
                .isEqualTo("file.txt");
    }

    @Test
    void toTextWithBomIsStrippedOnExtractUnlessAskedNotTo() {
        ExecutionResult r = chain(
                "{'operation':'toText','sourceProperty':'n.t','options':{'addBOM':true,'encoding':'utf8'}}",
                "{'operation':'text','options':{'stripBOM':false,'encoding':'utf8','keepSource':'both'}}",
                "[{'n':{'t':'hi'}}]");
        JsonNode out = json(r, "Extract").getFirst();
        assertThat(out.get("data").asText()).isEqualTo("\uFEFFhi");
        assertThat(out.size())
                .as("Convert to File outputs empty JSON, which keepSource keeps")
                .isEqualTo(1);
        assertThat(r.output("Extract", 0).getFirst().binary()).containsKey("data");
        // without a chosen encoding n8n hides (drops) both BOM options: no BOM is written, and one would be stripped
        ExecutionResult hidden = chain(
                "{'operation':'toText','sourceProperty':'n.t','options':{'addBOM':true}}",
                "{'operation':'text','options':{'stripBOM':false}}",
                "[{'n':{'t':'hi'}}]");
        assertThat(json(hidden, "Extract").getFirst().get("data").asText()).isEqualTo("hi");
    }

    @Test
    void singleByteEncodingsWriteOneQuestionMarkPerUtf16Unit() {
        // iconv-lite encodes per UTF-16 unit: a character beyond the BMP is two '?', one outside Latin-1 one
        assertThat(Charsets.encode("a\uD83D\uDE80\u00E9\u2713", StandardCharsets.ISO_8859_1, false))
                .containsExactly('a', '?', '?', 0xE9, '?');
        assertThat(Charsets.encode("\uD83D\uDE80", StandardCharsets.UTF_8, false))
                .hasSize(4);
    }

    @Test
    void base64ToFileAndBack() throws Exception {
        ExecutionResult r = chain(
                "{'operation':'toBinary','sourceProperty':'b','options':{}}",
                "{'operation':'binaryToPropery','destinationKey':'again','options':{}}",
                "[{'b':'data:image/png;base64,iVBORw0K'},{'b':'aGVsbG8'}]");
        List<Item> files = r.output("Convert", 0);
        assertThat(files.get(0).binary().get("data").mimeType()).isEqualTo("image/png");
        assertThat(files.get(0).binary().get("data").fileName()).isEqualTo("file.png");
        assertThat(store.read(files.get(1).binary().get("data"))).isEqualTo("hello".getBytes(StandardCharsets.UTF_8));
        assertThat(json(r, "Extract"))
                .containsExactlyElementsOf(NodeTests.jsons("[{'again':'iVBORw0K'},{'again':'aGVsbG8='}]"));
        assertThat(r.output("Extract", 0).getFirst().binary()).isEmpty();
    }

    @Test
    void invalidBase64AndMissingSourceAreUserErrorsNamingTheItem() {
        store = new FileBinaryStore(dir, 1 << 20);
        ExecutionResult bad = new io.hetumind.nodes.credentials.NodeRunner(new ConvertToFileNode())
                .binaryStore(store)
                .run(
                        1,
                        Json.object().put("operation", "toBinary").put("sourceProperty", "b"),
                        NodeTests.items("[{'b':'not base64!'}]"));
        assertThat(NodeTests.error(bad)).contains("not valid base64 data").contains("[item 0]");
        ExecutionResult missing = new io.hetumind.nodes.credentials.NodeRunner(new ConvertToFileNode())
                .binaryStore(store)
                .run(1, Json.object().put("operation", "toText").put("sourceProperty", "x"), NodeTests.items("[{}]"));
        assertThat(NodeTests.error(missing)).contains("The value in \"x\" is not set");
    }

    @Test
    void extractSkipsItemsWithoutTheFileButCsvRequiresIt() {
        store = new FileBinaryStore(dir, 1 << 20);
        ExecutionResult text = new io.hetumind.nodes.credentials.NodeRunner(new ExtractFromFileNode())
                .binaryStore(store)
                .run(1, Json.object().put("operation", "text"), NodeTests.items("[{'a':1}]"));
        assertThat(text.status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(text.output("Node", 0)).isEmpty();
        ExecutionResult csv = new io.hetumind.nodes.credentials.NodeRunner(new ExtractFromFileNode())
                .binaryStore(store)
                .run(1, Json.object(), NodeTests.items("[{'a':1}]"));
        assertThat(NodeTests.error(csv)).contains("binary file 'data'");
    }

    /** Extract From File (csv) over a file holding {@code csv}, with {@code options}. */
    private ExecutionResult extractCsv(String csv, String options, double version) {
        store = new FileBinaryStore(dir, 1 << 20);
        ExecutionResult file = new io.hetumind.nodes.credentials.NodeRunner(new ConvertToFileNode())
                .binaryStore(store)
                .run(
                        1.1,
                        NodeTests.json("{'operation':'toText','sourceProperty':'t','options':{'fileName':'in.csv'}}"),
                        List.of(Item.of(Json.object().put("t", csv))));
        return new io.hetumind.nodes.credentials.NodeRunner(new ExtractFromFileNode())
                .binaryStore(store)
                .run(version, NodeTests.json("{'operation':'csv','options':" + options + "}"), file.output("Node", 0));
    }

    @Test
    void skipRecordsWithErrorsLeavesOutBadRecordsUpToTheLimit() {
        String csv = "a,b\n1,2\n3,4,5\n\"x\"y,6\n7,8\n";
        assertThat(NodeTests.error(extractCsv(csv, "{}", 1.1)))
                .isEqualTo("Invalid Record Length: columns length is 2, got 3 on line 3");
        // csv-parse's three errors: a record too long; a stray closing quote, after which the field stays quoted to
        // the end of the text; the quote not closed there (so 7,8 is never a record)
        for (String limit : List.of("-1", "0", "3")) {
            ExecutionResult r = extractCsv(
                    csv, "{'skipRecordsWithErrors':{'value':{'enabled':true,'maxSkippedRecords':" + limit + "}}}", 1.1);
            assertThat(r.status()).as("limit %s: %s", limit, r.state().error()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(r.output("Node", 0).stream().map(i -> i.json().toString()))
                    .as("limit %s", limit)
                    .containsExactly("{\"a\":\"1\",\"b\":\"2\"}");
        }
        ExecutionResult over =
                extractCsv(csv, "{'skipRecordsWithErrors':{'value':{'enabled':true,'maxSkippedRecords':2}}}", 1);
        assertThat(NodeTests.error(over)).isEqualTo("Max number of skipped records exceeded");
        ExecutionResult off =
                extractCsv(csv, "{'skipRecordsWithErrors':{'value':{'enabled':false,'maxSkippedRecords':1}}}", 1.1);
        assertThat(NodeTests.error(off)).startsWith("Invalid Record Length");
    }

    @Test
    void unknownEncodingIsAUserError() {
        ExecutionResult r = new io.hetumind.nodes.credentials.NodeRunner(new ConvertToFileNode())
                .binaryStore(new FileBinaryStore(dir, 1 << 20))
                .run(
                        1,
                        NodeTests.json("{'operation':'toText','sourceProperty':'a','options':{'encoding':'klingon'}}"),
                        NodeTests.items("[{'a':'x'}]"));
        assertThat(NodeTests.error(r)).contains("encoding 'klingon' is not supported");
    }
}
