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
import io.hetumind.core.model.PairedItem;
import io.hetumind.core.spi.BinaryStore;
import io.hetumind.core.spi.Json;
import io.hetumind.nodes.NodeTests;
import io.hetumind.nodes.credentials.NodeRunner;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The spreadsheet formats and iCal of Convert to File / Extract From File, through the real engine. */
class SpreadsheetConversionTest {

    @TempDir
    Path dir;

    private BinaryStore store;

    private ExecutionResult chain(String convert, String extract, String input) {
        ExecutionResult r = run(convert, extract, input);
        assertThat(r.status()).as("error: %s", r.state().error()).isEqualTo(ExecutionStatus.SUCCESS);
        return r;
    }

    private ExecutionResult run(String convert, String extract, String input) {
        store = new FileBinaryStore(dir, 64 << 20);
        String wf =
                """
                {"name":"sheets","nodes":[
                  {"name":"Start","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"parameters":{}},
                  {"name":"Convert","type":"n8n-nodes-base.convertToFile","typeVersion":1.1,"parameters":%s},
                  {"name":"Extract","type":"n8n-nodes-base.extractFromFile","typeVersion":1,"parameters":%s}],
                 "connections":{
                   "Start":{"main":[[{"node":"Convert","type":"main","index":0}]]},
                   "Convert":{"main":[[{"node":"Extract","type":"main","index":0}]]}}}
                """
                        .formatted(convert.replace('\'', '"'), extract.replace('\'', '"'));
        Engine engine = Engine.builder()
                .expressions(NodeTests.expressions())
                .service(BinaryStore.class, store)
                .build();
        return engine.run(
                engine.prepare(WorkflowFormat.readJson(wf)),
                RunRequest.defaults().sequential().withInput(NodeTests.items(input)));
    }

    private static List<JsonNode> json(ExecutionResult r, String node) {
        return r.output(node, 0).stream().map(i -> (JsonNode) i.json()).toList();
    }

    private ExecutionResult extract(String params, byte[] file, String fileName, String mime) throws Exception {
        store = new FileBinaryStore(dir, 64 << 20);
        BinaryRef ref = store.put("test", new ByteArrayInputStream(file), mime, fileName);
        Item item = new Item(Json.object(), Map.of("data", ref), new PairedItem(0, 0));
        return new NodeRunner(new ExtractFromFileNode())
                .binaryStore(store)
                .run(1, NodeTests.json(params), List.of(item));
    }

    private static final String ROWS =
            "[{'n':1,'s':'héllo ✓ 日本, \\\"q\\\" {x}','b':true,'f':2.5,'nested':{'x':'y'}},{'n':2,'z':null}]";

    @ParameterizedTest
    @ValueSource(strings = {"xlsx", "xls", "ods", "html"})
    void roundTripKeepsTypesUnicodeAndTheHeader(String format) throws Exception {
        ExecutionResult r = chain(
                "{'operation':'" + format + "','options':{}}", "{'operation':'" + format + "','options':{}}", ROWS);
        BinaryRef ref = r.output("Convert", 0).getFirst().binary().get("data");
        assertThat(ref.fileName()).isEqualTo("File." + format);
        assertThat(ref.mimeType()).isEqualTo(io.hetumind.nodes.files.sheet.Spreadsheets.mimeType(format));
        assertThat(json(r, "Extract"))
                .containsExactlyElementsOf(NodeTests.jsons(
                        "[{'n':1,'s':'héllo ✓ 日本, \\\"q\\\" {x}','b':true,'f':2.5,'nested.x':'y'},{'n':2}]"));
    }

    @Test
    void rtfIsWrittenAndReadAsSheetJsDoesIt() {
        // SheetJS 0.20.2 (n8n 2.8.4): cells typed, the UTF-8 text read back as Latin-1 (checked against n8n:
        // n8n-recorded/SpreadsheetFile/v2-rtf), a line break written as \par and read back as a newline
        ExecutionResult r = chain(
                "{'operation':'rtf','options':{}}",
                "{'operation':'rtf','options':{}}",
                "[{'n':1,'s':'Bé','b':true},{'s':'two\\nlines','n':'1,234'}]");
        assertThat(json(r, "Extract"))
                .containsExactlyElementsOf(
                        NodeTests.jsons("[{'n':1,'s':'BÃ©','b':true},{'n':1234,'s':'two\\nlines'}]"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"xlsx", "ods", "html"})
    void withoutHeaderRowsAreArraysAndEmptyCellsCanBeKept(String format) {
        ExecutionResult r = chain(
                "{'operation':'" + format + "','options':{'headerRow':false}}",
                "{'operation':'" + format + "','options':{'headerRow':false}}",
                "[{'a':1,'b':'x'},{'b':'y'}]");
        assertThat(json(r, "Extract"))
                .containsExactlyElementsOf(NodeTests.jsons("[{'row':[1,'x']},{'row':[null,'y']}]"));
        ExecutionResult empty = chain(
                "{'operation':'" + format + "','options':{}}",
                "{'operation':'" + format + "','options':{'includeEmptyCells':true}}",
                "[{'a':1,'b':'x'},{'b':'y'}]");
        assertThat(json(empty, "Extract"))
                .containsExactlyElementsOf(NodeTests.jsons("[{'a':1,'b':'x'},{'a':'','b':'y'}]"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"xlsx", "xls", "ods"})
    void sheetNameAndRange(String format) {
        ExecutionResult r = chain(
                "{'operation':'" + format + "','options':{'sheetName':'Data'}}",
                "{'operation':'" + format + "','options':{'sheetName':'Data','range':'A1:A3'}}",
                "[{'a':1,'b':'x'},{'a':2,'b':'y'}]");
        assertThat(json(r, "Extract")).containsExactlyElementsOf(NodeTests.jsons("[{'a':1},{'a':2}]"));
        ExecutionResult fromRow = chain(
                "{'operation':'" + format + "','options':{}}",
                "{'operation':'" + format + "','options':{'range':'1'}}",
                "[{'a':1},{'a':2},{'a':3}]");
        assertThat(json(fromRow, "Extract")).containsExactlyElementsOf(NodeTests.jsons("[{'1':2},{'1':3}]"));
        ExecutionResult missing = run(
                "{'operation':'" + format + "','options':{'sheetName':'Data'}}",
                "{'operation':'" + format + "','options':{'sheetName':'Nope'}}",
                "[{'a':1}]");
        assertThat(missing.status()).isEqualTo(ExecutionStatus.ERROR);
        // n8n's message names no item; the error carries it
        assertThat(missing.state().error().message()).isEqualTo("Spreadsheet does not contain sheet called \"Nope\"!");
        assertThat(missing.state().error().node()).isEqualTo("Extract");
        assertThat(missing.state().error().itemIndex()).isZero();
    }

    @Test
    void anInvalidSheetNameIsRefused() {
        ExecutionResult r = run("{'operation':'xlsx','options':{'sheetName':'a/b'}}", "{'options':{}}", "[{'a':1}]");
        assertThat(r.state().error().message())
                .contains("Sheet name cannot contain")
                .contains("[item 0]");
        assertThat(r.state().error().node()).isEqualTo("Convert");
    }

    @Test
    void excelDatesReadAsSerialsAndTextStaysText() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (XSSFWorkbook wb = new XSSFWorkbook()) {
            var sheet = wb.createSheet("S");
            var style = wb.createCellStyle();
            style.setDataFormat(wb.getCreationHelper().createDataFormat().getFormat("yyyy-mm-dd"));
            sheet.createRow(0).createCell(0).setCellValue("when");
            sheet.getRow(0).createCell(1).setCellValue("code");
            var row = sheet.createRow(1);
            var cell = row.createCell(0);
            cell.setCellValue(java.time.LocalDate.of(2024, 1, 3));
            cell.setCellStyle(style);
            row.createCell(1).setCellValue("007");
            wb.write(out);
        }
        ExecutionResult r = extract("{'operation':'xlsx'}", out.toByteArray(), "d.xlsx", null);
        assertThat(json(r, "Node")).containsExactlyElementsOf(NodeTests.jsons("[{'when':45294,'code':'007'}]"));
    }

    @Test
    void aFileIsReadByItsContentAndABadOneIsAUserErrorNamingNodeAndItem() throws Exception {
        // as SheetJS in n8n: the operation does not choose the reader, the content does (text reads as CSV)
        ExecutionResult text = extract(
                "{'operation':'xlsx'}", "name,n\nx,1\n".getBytes(StandardCharsets.UTF_8), "notes.txt", "text/plain");
        assertThat(json(text, "Node")).containsExactlyElementsOf(NodeTests.jsons("[{'name':'x','n':1}]"));
        ExecutionResult r = extract("{'operation':'ods'}", "PK\u0003\u0004 junk".getBytes(), "x.xlsx", null);
        assertThat(r.status()).isEqualTo(ExecutionStatus.ERROR);
        assertThat(r.state().error().message())
                .isEqualTo("The file selected in 'Input Binary Field' is not in ods format");
        assertThat(r.state().error().node()).isEqualTo("Node");
        assertThat(r.state().error().itemIndex()).isZero();
        ExecutionResult rtf = extract("{'operation':'rtf'}", "{\\rtf1 no table}".getBytes(), "x.rtf", null);
        assertThat(rtf.state().error().message()).isEqualTo("RTF missing table");
        ExecutionResult html = extract("{'operation':'html'}", "<p>none</p>".getBytes(), "x.html", null);
        assertThat(html.state().error().message()).isEqualTo("Invalid HTML: could not find <table>");
    }

    private static byte[] bomb(String entry, String prefix) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry(entry));
            zip.write(prefix.getBytes(StandardCharsets.UTF_8));
            byte[] spaces = new byte[1 << 20];
            java.util.Arrays.fill(spaces, (byte) ' ');
            for (int i = 0; i < 40; i++) {
                zip.write(spaces);
            }
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    @Test
    void zipBombsAreRefused() throws Exception {
        ExecutionResult ods =
                extract("{'operation':'ods'}", bomb("content.xml", "<?xml version=\"1.0\"?>"), "b.ods", null);
        assertThat(ods.status()).isEqualTo(ExecutionStatus.ERROR);
        assertThat(ods.state().error().message()).containsIgnoringCase("zip bomb");
        assertThat(ods.state().error().itemIndex()).isZero();
        ExecutionResult xlsx = extract("{'operation':'xlsx'}", bomb("xl/worksheets/sheet1.xml", ""), "b.xlsx", null);
        assertThat(xlsx.status()).isEqualTo(ExecutionStatus.ERROR);
        assertThat(xlsx.state().error().message()).containsIgnoringCase("zip bomb");
        assertThat(xlsx.state().error().itemIndex()).isZero();
    }

    @Test
    void iCalEventRoundTripsThroughExtractFromIcs() throws Exception {
        ExecutionResult r = chain(
                "{'operation':'iCal','title':'Team, sync','start':'2024-01-03T10:00:00','end':'2024-01-03T11:30:00Z',"
                        + "'additionalFields':{'description':'line one\\nline; two','location':'Room 1','uid':'abc-1',"
                        + "'sequence':2,'status':'CONFIRMED','calName':'Work','url':'https://example.test',"
                        + "'attendeesUi':{'attendeeValues':[{'name':'Ann','email':'ann@example.test','rsvp':true}]},"
                        + "'organizerUi':{'organizerValues':{'name':'Bob','email':'bob@example.test'}},"
                        + "'geolocationUi':{'geolocationValues':{'lat':'1.5','lon':'2'}},'recurrenceRule':'FREQ=WEEKLY;COUNT=3'}}",
                "{'operation':'fromIcs','options':{}}",
                "[{}]");
        BinaryRef ref = r.output("Convert", 0).getFirst().binary().get("data");
        assertThat(ref.fileName()).isEqualTo("event.ics");
        assertThat(ref.mimeType()).isEqualTo("text/calendar");
        JsonNode cal = json(r, "Extract").getFirst().get("data");
        assertThat(cal.get("name").asText()).isEqualTo("Work");
        assertThat(cal.get("prodId").asText()).isEqualTo("adamgibbons/ics");
        JsonNode event = cal.get("events").get(0);
        // ts-ics 1.2.2 (n8n 2.8.4) leaves the file's escapes in (n8n-recorded/ExtractFromFile/ics-escaped-text)
        assertThat(event.get("summary").asText()).isEqualTo("Team\\, sync");
        assertThat(event.get("description").asText()).isEqualTo("line one\\nline\\; two");
        assertThat(event.get("uid").asText()).isEqualTo("abc-1");
        assertThat(event.get("sequence").asInt()).isEqualTo(2);
        assertThat(event.get("start"))
                .isEqualTo(NodeTests.json("{'date':'2024-01-03T10:00:00.000Z','type':'DATE-TIME'}"));
        assertThat(event.get("end").get("date").asText()).isEqualTo("2024-01-03T11:30:00.000Z");
        assertThat(event.get("attendees").get(0))
                .isEqualTo(NodeTests.json("{'email':'ann@example.test','name':'Ann'}"));
        assertThat(event.get("organizer").get("name").asText()).isEqualTo("Bob");
        assertThat(event.get("geo").asText()).isEqualTo("1.5;2");
        assertThat(event.get("recurrenceRule")).isEqualTo(NodeTests.json("{'frequency':'WEEKLY','count':3}"));
    }

    @Test
    void allDayEventsAreDatesWithTheEndOneDayOn() throws Exception {
        ExecutionResult r = chain(
                "{'operation':'iCal','start':'2024-01-03T00:00:00','end':'2024-01-04T00:00:00','allDay':true,"
                        + "'additionalFields':{}}",
                "{'operation':'fromIcs','options':{}}",
                "[{},{}]");
        String ics =
                new String(store.read(r.output("Convert", 0).getFirst().binary().get("data")), StandardCharsets.UTF_8);
        assertThat(ics).contains("\r\nDTSTART;VALUE=DATE:20240103\r\n").contains("\r\nDTEND;VALUE=DATE:20240105\r\n");
        assertThat(ics).doesNotContain("SUMMARY");
        assertThat(r.output("Convert", 0)).hasSize(2);
        assertThat(json(r, "Extract").getFirst().at("/data/events/0/start"))
                .isEqualTo(NodeTests.json("{'date':'2024-01-03T00:00:00.000Z','type':'DATE'}"));
    }

    @Test
    void badDatesAndNonCalendarsAreUserErrors() throws Exception {
        ExecutionResult r =
                run("{'operation':'iCal','start':'soon','end':'2024-01-01'}", "{'operation':'fromIcs'}", "[{}]");
        assertThat(r.state().error().message())
                .startsWith("Invalid date in 'start'")
                .endsWith("[item 0]");
        ExecutionResult notIcs = extract("{'operation':'fromIcs'}", "hello".getBytes(), "a.ics", null);
        assertThat(notIcs.state().error().message())
                .contains("not an iCalendar file")
                .contains("[item 0]");
    }

    @Test
    void aTruncatedPdfIsRefusedAsPdfJsRefusesIt() throws Exception {
        ExecutionResult r = extract("{'operation':'pdf'}", "%PDF-1.4".getBytes(), "a.pdf", null);
        assertThat(r.state().error().message()).startsWith("Invalid PDF structure.");
    }
}
