package io.hetumind.nodes.ai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.model.BinaryRef;
import io.hetumind.core.model.Item;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.Test;

/**
 * The Default Data Loader on binary input (files in the host's binary store), seen through what the
 * in-memory vector store inserts (the fake provider embeds).
 */
class BinaryLoaderTest {

    /** A PDF with one page per text ({@code ""} = an empty page), made with PDFBox. */
    static byte[] pdf(String title, String... pages) {
        return protectedPdf(title, null, pages);
    }

    static byte[] protectedPdf(String title, String password, String... pages) {
        try (PDDocument doc = new PDDocument()) {
            doc.getDocumentInformation().setTitle(title);
            for (String text : pages) {
                PDPage page = new PDPage();
                doc.addPage(page);
                try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                    if (!text.isEmpty()) {
                        cs.beginText();
                        cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                        cs.newLineAtOffset(72, 700);
                        cs.showText(text);
                        cs.endText();
                    }
                }
            }
            if (password != null) {
                var policy = new StandardProtectionPolicy("owner", password, new AccessPermission());
                policy.setEncryptionKeyLength(128);
                doc.protect(policy);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = BinaryLoaderTest.class.getResourceAsStream("/loader/" + name)) {
            return in.readAllBytes();
        }
    }

    static String insert(String loaderParameters) {
        return VectorStoreTest.EMBEDDINGS
                + """
                ,{"name":"Store","type":"hetumind.vectorStoreInMemory","typeVersion":1.3,"parameters":{"mode":"insert","memoryKey":"files","clearStore":true}},
                {"name":"Loader","type":"hetumind.documentDefaultDataLoader","typeVersion":1.1,"parameters":%s}
                """
                        .formatted(loaderParameters);
    }

    static final String WIRES =
            """
            "Start":{"main":[[{"node":"Store","type":"main","index":0}]]},
            "Embeddings":{"ai_embedding":[[{"node":"Store","type":"ai_embedding","index":0}]]},
            "Loader":{"ai_document":[[{"node":"Store","type":"ai_document","index":0}]]}
            """;

    static Item withFiles(AiRun run, String json, Object... keyBytesMimeName) {
        Map<String, BinaryRef> files = new LinkedHashMap<>();
        for (int i = 0; i < keyBytesMimeName.length; i += 4) {
            files.put(
                    (String) keyBytesMimeName[i],
                    run.putBinary((byte[]) keyBytesMimeName[i + 1], (String) keyBytesMimeName[i + 2], (String)
                            keyBytesMimeName[i + 3]));
        }
        return AiRun.item(json).withBinary(files);
    }

    static ExecutionResult run(FakeProvider p, AiRun run, String loaderParameters, Item... items) {
        p.route(r ->
                r.path().endsWith("/embeddings") ? FakeProvider.openAiEmbeddings(r, VectorStoreTest::vector) : null);
        return run.run(AiRun.workflow(insert(loaderParameters), WIRES), List.of(items));
    }

    static List<JsonNode> docs(ExecutionResult r) {
        assertThat(r.status()).as(() -> r.toJson().toString()).isEqualTo(ExecutionStatus.SUCCESS);
        return r.output("Store", 0).stream().map(i -> (JsonNode) i.json()).toList();
    }

    static String error(ExecutionResult r) {
        assertThat(r.status()).isEqualTo(ExecutionStatus.ERROR);
        return r.toJson().toString();
    }

    @Test
    void pdfSplitByPagesKeepsPageNumbersAndSkipsEmptyPages() throws Exception {
        try (FakeProvider p = new FakeProvider()) {
            AiRun run = AiRun.openAi(p);
            byte[] file = pdf("Pet guide", "Cats sleep sixteen hours a day.", "", "Dogs need two walks daily.");
            List<JsonNode> docs = docs(run(
                    p,
                    run,
                    """
                    {"dataType":"binary","binaryMode":"specificField","binaryDataKey":"doc","loader":"pdfLoader",
                     "options":{"splitPages":true,"metadata":{"metadataValues":[{"name":"origin","value":"={{ $json.from }}"}]}}}
                    """,
                    withFiles(run, "{\"from\":\"upload\"}", "doc", file, "application/pdf", "pets.pdf")));
            assertThat(docs)
                    .extracting(d -> d.get("pageContent").asText())
                    .containsExactly("Cats sleep sixteen hours a day.", "Dogs need two walks daily.");
            JsonNode md = docs.get(1).get("metadata");
            assertThat(md.get("loc").get("pageNumber").asInt()).isEqualTo(3);
            assertThat(md.get("loc").get("lines").get("chunk").asInt()).isZero();
            assertThat(md.get("pdf").get("totalPages").asInt()).isEqualTo(3);
            assertThat(md.get("pdf").get("info").get("Title").asText()).isEqualTo("Pet guide");
            assertThat(md.get("blobType").asText()).isEqualTo("application/pdf");
            assertThat(md.get("origin").asText()).isEqualTo("upload");
        }
    }

    @Test
    void pdfAsOneDocumentWithoutSplitPagesAndAutoDetection() throws Exception {
        try (FakeProvider p = new FakeProvider()) {
            AiRun run = AiRun.openAi(p);
            byte[] file = pdf("Two pages", "Page one text.", "Page two text.");
            List<JsonNode> docs = docs(run(
                    p,
                    run,
                    "{\"dataType\":\"binary\"}",
                    withFiles(run, "{}", "data", file, "application/pdf", "a.pdf")));
            assertThat(docs).hasSize(1);
            assertThat(docs.getFirst().get("pageContent").asText()).isEqualTo("Page one text.\n\nPage two text.");
            assertThat(docs.getFirst().get("metadata").get("loc").has("pageNumber"))
                    .isFalse();
        }
    }

    @Test
    void allInputDataLoadsEveryFileOfTheItemByItsMimeType() throws Exception {
        try (FakeProvider p = new FakeProvider()) {
            AiRun run = AiRun.openAi(p);
            List<JsonNode> docs = docs(run(
                    p,
                    run,
                    "{\"dataType\":\"binary\",\"binaryMode\":\"allInputData\",\"loader\":\"auto\"}",
                    withFiles(
                            run,
                            "{}",
                            "csv",
                            resource("people.csv"),
                            "text/csv",
                            "people.csv",
                            "md",
                            resource("handbook.md"),
                            "text/markdown",
                            "handbook.md",
                            "json",
                            resource("guide.json"),
                            "application/json",
                            "guide.json",
                            "txt",
                            "Plain words.".getBytes(),
                            "text/plain; charset=utf-8",
                            "a.txt")));
            assertThat(docs)
                    .extracting(d -> d.get("pageContent").asText())
                    .containsExactly(
                            // fields in name order: csv, json, md, txt; chunks are trimmed as LangChain's splitter does
                            "name: Ada\nrole: engineer, lead\nnotes: likes \"tea\"",
                            "name: Lin\nrole: designer\nnotes:",
                            "Guide",
                            "First part",
                            "Second part",
                            "# Handbook\n\nThe *badge* is blue.",
                            "Plain words.");
            assertThat(docs.get(1).get("metadata").get("line").asInt()).isEqualTo(2);
            assertThat(docs.get(4).get("metadata").get("line").asInt()).isEqualTo(3);
            assertThat(docs.get(5).get("metadata").get("blobType").asText()).isEqualTo("text/markdown");
        }
    }

    @Test
    void csvColumnSeparatorAndJsonPointers() throws Exception {
        try (FakeProvider p = new FakeProvider()) {
            AiRun run = AiRun.openAi(p);
            List<JsonNode> csv = docs(run(
                    p,
                    run,
                    """
                    {"dataType":"binary","binaryMode":"specificField","binaryDataKey":"data","loader":"csvLoader",
                     "options":{"separator":";","column":"city"}}
                    """,
                    withFiles(run, "{}", "data", "city;n\nOslo;1\n\"Rio; RJ\";2\n".getBytes(), "text/csv", "c.csv")));
            assertThat(csv).extracting(d -> d.get("pageContent").asText()).containsExactly("Oslo", "Rio; RJ");

            List<JsonNode> json = docs(run(
                    p,
                    run,
                    "{\"dataType\":\"binary\",\"loader\":\"jsonLoader\",\"options\":{\"pointers\":\"/sections/1, /title\"}}",
                    withFiles(run, "{}", "data", resource("guide.json"), "application/json", "g.json")));
            assertThat(json).extracting(d -> d.get("pageContent").asText()).containsExactly("Second part", "Guide");
        }
    }

    @Test
    void docxIsOneDocumentOfItsRawTextWithBlobMetadata() throws Exception {
        try (FakeProvider p = new FakeProvider()) {
            AiRun run = AiRun.openAi(p);
            byte[] file = TestFiles.docx(TestFiles.p("Cats sleep sixteen hours a day.")
                    + "<w:tbl><w:tr><w:tc>" + TestFiles.p("Dogs") + "</w:tc><w:tc>" + TestFiles.p("walk")
                    + "</w:tc></w:tr></w:tbl>");
            List<JsonNode> docs = docs(run(
                    p,
                    run,
                    """
                    {"dataType":"binary","binaryMode":"specificField","binaryDataKey":"doc","loader":"docxLoader",
                     "options":{"metadata":{"metadataValues":[{"name":"origin","value":"upload"}]}}}
                    """,
                    withFiles(run, "{}", "doc", file, TestFiles.DOCX_MIME, "pets.docx")));
            assertThat(docs).hasSize(1);
            assertThat(docs.getFirst().get("pageContent").asText())
                    .isEqualTo("Cats sleep sixteen hours a day.\n\nDogs\n\nwalk");
            JsonNode md = docs.getFirst().get("metadata");
            assertThat(md.get("source").asText()).isEqualTo("blob");
            assertThat(md.get("blobType").asText()).isEqualTo(TestFiles.DOCX_MIME);
            assertThat(md.get("origin").asText()).isEqualTo("upload");
            assertThat(md.get("loc").get("lines").get("chunk").asInt()).isZero();
        }
    }

    @Test
    void epubIsOneDocumentPerChapterInSpineOrderWithTheTocTitle() throws Exception {
        try (FakeProvider p = new FakeProvider()) {
            AiRun run = AiRun.openAi(p);
            byte[] book = TestFiles.epub(
                    new String[] {"The Beginning", "<h1>One</h1><p>Cats sleep.</p>"},
                    new String[] {"Dogs", "<p>Dogs <i>walk</i> twice a day.</p>"});
            List<JsonNode> docs = docs(run(
                    p,
                    run,
                    "{\"dataType\":\"binary\",\"loader\":\"auto\"}",
                    withFiles(run, "{}", "data", book, "application/epub+zip", "pets.epub")));
            assertThat(docs)
                    .extracting(d -> d.get("pageContent").asText())
                    .containsExactly("Test Book", "ONE\n\nCats sleep.", "Dogs walk twice a day.");
            assertThat(docs.get(0).get("metadata").has("chapter")).isFalse(); // the cover has no TOC entry
            assertThat(docs.get(1).get("metadata").get("chapter").asText()).isEqualTo("The Beginning");
            assertThat(docs.get(2).get("metadata").get("chapter").asText()).isEqualTo("Dogs");
            assertThat(docs.get(2).get("metadata").get("source").asText()).isEqualTo("pets.epub");
        }
    }

    @Test
    void htmlIsLoadedByItsOwnLoaderAndByAutoDetection() throws Exception {
        try (FakeProvider p = new FakeProvider()) {
            AiRun run = AiRun.openAi(p);
            String page = "<html><head><title>Pets</title><script>x()</script></head>"
                    + "<body><h1>Cats</h1><p>They sleep.</p><ul><li>a lot</li></ul></body></html>";
            for (String loader : List.of("htmlLoader", "auto")) {
                List<JsonNode> docs = docs(run(
                        p,
                        run,
                        "{\"dataType\":\"binary\",\"loader\":\"" + loader + "\"}",
                        withFiles(run, "{}", "data", page.getBytes(), "text/html; charset=utf-8", "p.html")));
                assertThat(docs)
                        .extracting(d -> d.get("pageContent").asText())
                        .containsExactly("CATS\n\nThey sleep.\n\n* a lot"); // the splitter strips each paragraph
                JsonNode md = docs.getFirst().get("metadata");
                assertThat(md.get("blobType").asText()).isEqualTo("text/html");
                assertThat(md.get("title").asText()).isEqualTo("Pets");
            }
        }
    }

    @Test
    void badInputIsAUserErrorNamingNodeFieldItemAndMimeType() throws Exception {
        try (FakeProvider p = new FakeProvider()) {
            AiRun run = AiRun.openAi(p);
            String specific = "{\"dataType\":\"binary\",\"binaryMode\":\"specificField\",\"binaryDataKey\":\"doc\"}";
            assertThat(error(run(
                            p, run, specific, withFiles(run, "{}", "other", "x".getBytes(), "text/plain", "x.txt"))))
                    .contains("'Loader': item 0 has no binary field 'doc' (it has: other)");

            assertThat(error(run(
                            p,
                            run,
                            "{\"dataType\":\"binary\"}",
                            withFiles(run, "{}", "data", "a".getBytes(), "application/rtf", "a.rtf"))))
                    .contains("binary field 'data' of item 0: unsupported MIME type 'application/rtf'");

            assertThat(error(run(
                            p,
                            run,
                            "{\"dataType\":\"binary\"}",
                            withFiles(run, "{}", "data", new byte[] {1}, TestFiles.DOCX_MIME, "a.docx"))))
                    .contains("'Loader': binary field 'data' of item 0: the file is not a Docx file: it is not a zip"
                            + " archive");

            assertThat(error(run(
                            p,
                            run,
                            "{\"dataType\":\"binary\"}",
                            withFiles(
                                    run, "{}", "data", TestFiles.zip("x.txt", "x"), "application/epub+zip", "a.epub"))))
                    .contains("'Loader': binary field 'data' of item 0: the EPub file has no META-INF/container.xml");

            assertThat(error(run(
                            p,
                            run,
                            "{\"dataType\":\"binary\",\"loader\":\"htmlLoader\"}",
                            withFiles(run, "{}", "data", "hi".getBytes(), "text/plain", "a.txt"))))
                    .contains("the MIME type 'text/plain' does not match the data format 'htmlLoader': select"
                            + " 'textLoader'");

            assertThat(error(run(
                            p,
                            run,
                            "{\"dataType\":\"binary\",\"loader\":\"pdfLoader\"}",
                            withFiles(run, "{}", "data", "a,b\n".getBytes(), "text/csv", "a.csv"))))
                    .contains(
                            "the MIME type 'text/csv' does not match the data format 'pdfLoader': select 'csvLoader'");

            assertThat(error(run(
                            p,
                            run,
                            "{\"dataType\":\"binary\"}",
                            withFiles(run, "{}", "data", "not a pdf".getBytes(), "application/pdf", "a.pdf"))))
                    .contains("'Loader': binary field 'data' of item 0: the file is not a readable PDF");

            assertThat(error(run(
                            p,
                            run,
                            "{\"dataType\":\"binary\"}",
                            withFiles(
                                    run,
                                    "{}",
                                    "data",
                                    protectedPdf("Secret", "pw", "hidden"),
                                    "application/pdf",
                                    "s.pdf"))))
                    .contains("the PDF is password-protected");

            assertThat(error(run(
                            p,
                            run,
                            "{\"dataType\":\"binary\"}",
                            withFiles(run, "{}", "data", "{\"a\":".getBytes(), "application/json", "a.json"))))
                    .contains("the file is not valid JSON");

            assertThat(error(run(
                            p,
                            run,
                            "{\"dataType\":\"binary\",\"options\":{\"column\":\"missing\"}}",
                            withFiles(run, "{}", "data", resource("people.csv"), "text/csv", "p.csv"))))
                    .contains("the CSV has no column 'missing' (columns: name, role, notes)");
        }
    }
}
