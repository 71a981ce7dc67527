package io.hetumind.nodes.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.engine.FileBinaryStore;
import io.hetumind.core.engine.WorkflowInvalidException;
import io.hetumind.core.model.BinaryRef;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.OnError;
import io.hetumind.core.model.PairedItem;
import io.hetumind.core.spi.BinaryStore;
import io.hetumind.core.spi.Json;
import io.hetumind.nodes.NodeTests;
import io.hetumind.nodes.credentials.NodeRunner;
import io.hetumind.nodes.files.sheet.Spreadsheets;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The legacy Spreadsheet File node, v1 and v2, through the real engine. Its runs on real n8n 2.8.4 are pinned in
 * {@code n8n-recorded/SpreadsheetFile} (N8nRecordedTest); these cover what those do not: CSV options per version,
 * text files by content, errors with continue-on-fail, bad parameters.
 */
class SpreadsheetFileNodeTest {

    @TempDir
    Path dir;

    private BinaryStore store;

    @BeforeEach
    void store() {
        store = new FileBinaryStore(dir, 64 << 20);
    }

    private ExecutionResult read(double version, String params, String text, String fileName, String mime)
            throws Exception {
        return read(version, params, text.getBytes(StandardCharsets.UTF_8), fileName, mime, OnError.STOP);
    }

    private ExecutionResult read(double version, String params, byte[] file, String fileName, String mime, OnError e)
            throws Exception {
        BinaryRef ref = store.put("test", new ByteArrayInputStream(file), mime, fileName);
        Item item = new Item(Json.object(), Map.of("data", ref), new PairedItem(0, 0));
        return new NodeRunner(new SpreadsheetFileNode())
                .binaryStore(store)
                .onError(e)
                .run(version, NodeTests.json(params), List.of(item));
    }

    private static List<JsonNode> json(ExecutionResult r) {
        assertThat(r.status()).as("error: %s", r.state().error()).isEqualTo(ExecutionStatus.SUCCESS);
        return r.output("Node", 0).stream().map(i -> (JsonNode) i.json()).toList();
    }

    private static final String SEMICOLONS = "a;b\n1;x\n";

    @Test
    void v2ReadsCsvWithItsOptionsAndV1ReadsItAsSheetJsDoes() throws Exception {
        // v2 + csv: csv-parse with the delimiter, all values strings
        assertThat(json(read(
                        2,
                        "{'operation':'fromFile','fileFormat':'csv','options':{'delimiter':';'}}",
                        SEMICOLONS,
                        "d.csv",
                        "text/csv")))
                .containsExactlyElementsOf(NodeTests.jsons("[{'a':'1','b':'x'}]"));
        // v1 has no CSV options: SheetJS splits on commas only and types the cells
        assertThat(json(read(1, "{'operation':'fromFile','options':{}}", "a,b\n1,x\n", "d.csv", "text/csv")))
                .containsExactlyElementsOf(NodeTests.jsons("[{'a':1,'b':'x'}]"));
        assertThat(json(read(1, "{'operation':'fromFile','options':{}}", SEMICOLONS, "d.csv", "text/csv")))
                .containsExactlyElementsOf(NodeTests.jsons("[{'a;b':'1;x'}]"));
        // v1 reads raw text when asked, and a range like any sheet
        assertThat(json(read(
                        1,
                        "{'operation':'fromFile','options':{'rawData':true,'range':'A1:A2'}}",
                        "a,b\n1,x\n2,y\n",
                        "d.csv",
                        "text/csv")))
                .containsExactlyElementsOf(NodeTests.jsons("[{'a':'1'}]"));
    }

    @Test
    void v2AutodetectReadsCsvTypedAsCsvWithCsvParseAndOtherTextAsSheetJsDoes() throws Exception {
        String csv = "name,n\nBé,1\n";
        assertThat(json(read(2, "{'operation':'fromFile','options':{}}", csv, "d.csv", "text/csv")))
                .containsExactlyElementsOf(NodeTests.jsons("[{'name':'Bé','n':'1'}]"));
        // not typed as CSV: SheetJS reads the buffer as Latin-1 (no byte-order mark) and types the cells
        assertThat(json(read(2, "{'operation':'fromFile','options':{}}", csv, "d.txt", "text/plain")))
                .containsExactlyElementsOf(NodeTests.jsons("[{'name':'BÃ©','n':1}]"));
        assertThat(json(read(2, "{'operation':'fromFile','options':{}}", "\uFEFF" + csv, "d.txt", "text/plain")))
                .containsExactlyElementsOf(NodeTests.jsons("[{'name':'Bé','n':1}]"));
    }

    @Test
    void v1ReadsAUtf8FileAsSheetJsReadFileWithCodePage65001Does() throws Exception {
        // without a byte-order mark the UTF-8 is read right; with one, SheetJS drops three characters of the
        // decoded text and decodes the rest again (n8n-recorded/SpreadsheetFile/v1-csv-typed pins what n8n shows)
        assertThat(json(read(1, "{'operation':'fromFile'}", "name,n\nBé,1\n", "d.csv", "text/csv")))
                .containsExactlyElementsOf(NodeTests.jsons("[{'name':'Bé','n':1}]"));
        assertThat(json(read(1, "{'operation':'fromFile'}", "\uFEFFid,name\n1,x\n", "d.csv", "text/csv")))
                .containsExactlyElementsOf(NodeTests.jsons("[{'__EMPTY':1,'name':'x'}]"));
    }

    @Test
    void writesEveryFormatWithItsDefaultNameAndReadsItBack() throws Exception {
        for (String format : List.of("csv", "html", "ods", "rtf", "xls", "xlsx")) {
            ExecutionResult w = new NodeRunner(new SpreadsheetFileNode())
                    .binaryStore(store)
                    .run(
                            2,
                            NodeTests.json("{'operation':'toFile','fileFormat':'" + format
                                    + "','binaryPropertyName':'sheet','options':{'headerRow':true}}"),
                            NodeTests.items("[{'a':1,'b':{'c':'x'}},{'a':2}]"));
            assertThat(w.status()).isEqualTo(ExecutionStatus.SUCCESS);
            Item file = w.output("Node", 0).getFirst();
            BinaryRef ref = file.binary().get("sheet");
            assertThat(ref.fileName()).isEqualTo("spreadsheet." + format);
            assertThat(ref.mimeType()).isEqualTo(Spreadsheets.mimeType(format));
            ExecutionResult r = new NodeRunner(new SpreadsheetFileNode())
                    .binaryStore(store)
                    .run(2, NodeTests.json("{'operation':'fromFile','binaryPropertyName':'sheet'}"), List.of(file));
            // a CSV file is typed text/csv, so autodetect reads it with csv-parse: strings, and the byte-order
            // mark SheetJS wrote stays in the first key (n8n-recorded/SpreadsheetFile/v2-csv-autodetect)
            String expected = format.equals("csv")
                    ? "[{'\\uFEFFa':'1','b.c':'x'},{'\\uFEFFa':'2'}]"
                    : "[{'a':1,'b.c':'x'},{'a':2}]";
            assertThat(json(r)).as(format).containsExactlyElementsOf(NodeTests.jsons(expected));
        }
    }

    @Test
    void aMissingFileOrSheetFailsNamingTheItemOrBecomesAnErrorItem() throws Exception {
        ExecutionResult missing = new NodeRunner(new SpreadsheetFileNode())
                .binaryStore(store)
                .run(1, NodeTests.json("{'operation':'fromFile'}"), NodeTests.items("[{'a':1}]"));
        assertThat(missing.state().error().message())
                .isEqualTo("This operation expects the node's input data to contain a binary file 'data', but none"
                        + " was found [item 0]");
        assertThat(missing.state().error().node()).isEqualTo("Node");
        byte[] csv = "a\n1\n".getBytes(StandardCharsets.UTF_8);
        ExecutionResult sheet = read(
                2, "{'operation':'fromFile','options':{'sheetName':'Nope'}}", csv, "d.txt", "text/plain", OnError.STOP);
        assertThat(sheet.state().error().message())
                .isEqualTo("The file selected in 'Input Binary Field' is not in" + " autodetect format");
        assertThat(sheet.state().error().itemIndex()).isZero();
        ExecutionResult v1 = read(
                1,
                "{'operation':'fromFile','options':{'sheetName':'Nope'}}",
                csv,
                "d.txt",
                "text/plain",
                OnError.CONTINUE);
        assertThat(json(v1))
                .containsExactlyElementsOf(
                        NodeTests.jsons("[{'error':'Spreadsheet does not contain sheet called \\\"Nope\\\"!'}]"));
    }

    @Test
    void valuesOutsideTheOptionsAreRefusedBeforeTheRunNamingNodeAndParameter() {
        for (String params : List.of("{'operation':'x'}", "{'operation':'toFile','fileFormat':'pdf'}")) {
            assertThatThrownBy(() -> new NodeRunner(new SpreadsheetFileNode())
                            .binaryStore(store)
                            .run(2, params))
                    .isInstanceOf(WorkflowInvalidException.class)
                    .hasMessageContaining("Node")
                    .hasMessageContaining(params.contains("pdf") ? "fileFormat" : "operation");
        }
    }
}
