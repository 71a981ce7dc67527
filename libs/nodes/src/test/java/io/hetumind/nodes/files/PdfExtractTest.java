package io.hetumind.nodes.files;

import static io.hetumind.nodes.NodeTests.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.engine.FileBinaryStore;
import io.hetumind.core.model.BinaryRef;
import io.hetumind.core.model.Item;
import io.hetumind.nodes.credentials.NodeRunner;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Extract From File's "Extract From PDF" on PDFs written here: text per page, info, options, bad files. */
class PdfExtractTest {

    @TempDir
    Path dir;

    /** A PDF of {@code pages}, each a list of lines, with a title; encrypted when {@code password} is set. */
    private static byte[] pdf(List<List<String>> pages, String password) throws IOException {
        try (PDDocument doc = new PDDocument()) {
            PDDocumentInformation info = new PDDocumentInformation();
            info.setTitle("Quarterly report");
            info.setAuthor("Ada");
            info.setTrapped("False");
            info.setCustomMetadataValue("Source", "scanner");
            doc.setDocumentInformation(info);
            PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            for (List<String> lines : pages) {
                PDPage page = new PDPage();
                doc.addPage(page);
                try (PDPageContentStream out = new PDPageContentStream(doc, page)) {
                    float y = 700;
                    for (String line : lines) {
                        out.beginText();
                        out.setFont(font, 12);
                        out.newLineAtOffset(72, y);
                        out.showText(line);
                        out.endText();
                        y -= 20;
                    }
                }
            }
            if (password != null) {
                StandardProtectionPolicy policy =
                        new StandardProtectionPolicy("owner", password, new AccessPermission());
                policy.setEncryptionKeyLength(128);
                doc.protect(policy);
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            doc.save(bytes);
            return bytes.toByteArray();
        }
    }

    private ExecutionResult extract(byte[] file, String options) throws IOException {
        FileBinaryStore store = new FileBinaryStore(dir, 1 << 22);
        BinaryRef ref = store.put("e", new ByteArrayInputStream(file), "application/pdf", "report.pdf");
        BinaryRef other = store.put("e", new ByteArrayInputStream(new byte[] {1}), "image/png", "logo.png");
        Item input = Item.of(json("{'id':7}")).withBinary(Map.of("data", ref, "logo", other));
        return new NodeRunner(new ExtractFromFileNode())
                .binaryStore(store)
                .run(1, json("{'operation':'pdf','options':" + options + "}"), List.of(input));
    }

    private static Item only(ExecutionResult r) {
        assertThat(r.status()).as("%s", r.state().error()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(r.output("Node", 0)).hasSize(1);
        return r.output("Node", 0).getFirst();
    }

    @Test
    void textAndInfoOfEveryPageInN8nsShape() throws IOException {
        byte[] file = pdf(List.of(List.of("Revenue grew", "Costs  fell"), List.of("Page two")), null);
        Item out = only(extract(file, "{}"));
        // a line per text line, pages apart by a blank line, a run of spaces as one (pdf.js 5.3 on this file)
        assertThat(out.json().get("text").asText()).isEqualTo("Revenue grew\nCosts fell\n\nPage two");
        assertThat(out.json().get("numpages").asInt()).isEqualTo(2);
        assertThat(out.json().get("numrender").asInt()).isEqualTo(2);
        assertThat(out.json().get("version").asText()).isEqualTo("5.3.31");
        var info = out.json().get("info");
        assertThat(info.get("Title").asText()).isEqualTo("Quarterly report");
        assertThat(info.get("Author").asText()).isEqualTo("Ada");
        // as pdf.js: a name as {name}, entries beyond the standard ones under Custom
        assertThat(info.get("Trapped").get("name").asText()).isEqualTo("False");
        assertThat(info.get("Custom").get("Source").asText()).isEqualTo("scanner");
        assertThat(info.has("Source")).isFalse();
        assertThat(info.get("PDFFormatVersion").asText()).matches("1\\.\\d");
        assertThat(info.get("IsAcroFormPresent").asBoolean()).isFalse();
        assertThat(info.get("EncryptFilterName").isNull()).isTrue();
        // Keep Source left out: the PDF's JSON only, its field dropped, other files kept
        assertThat(out.json().has("id")).isFalse();
        assertThat(out.binary()).containsOnlyKeys("logo");
        assertThat(out.pairedItem().item()).isZero();
    }

    @Test
    void pagesCanBeListedLimitedAndTheSourceKept() throws IOException {
        byte[] file = pdf(List.of(List.of("one"), List.of("two"), List.of("three")), null);
        Item pages = only(extract(file, "{'joinPages':false}"));
        assertThat(pages.json().get("text").isArray()).isTrue();
        assertThat(pages.json().get("text")).extracting(j -> j.asText()).containsExactly("one", "two", "three");
        assertThat(only(extract(file, "{'maxPages':2}")).json().get("text").asText())
                .isEqualTo("one\n\ntwo");
        // as n8n: a Max Pages of 0 reads no page (the count still says 3)
        Item none = only(extract(file, "{'maxPages':0}"));
        assertThat(none.json().get("text").asText()).isEmpty();
        assertThat(none.json().get("numpages").asInt()).isEqualTo(3);
        Item both = only(extract(file, "{'keepSource':'both'}"));
        assertThat(both.json().get("id").asInt()).isEqualTo(7);
        assertThat(both.binary()).containsOnlyKeys("data", "logo");
        Item binary = only(extract(file, "{'keepSource':'binary'}"));
        assertThat(binary.json().has("id")).isFalse();
        assertThat(binary.binary()).containsKey("data");
    }

    @Test
    void anEncryptedPdfNeedsItsPasswordAndAFileThatIsNoPdfIsSaid() throws IOException {
        byte[] secret = pdf(List.of(List.of("Top secret")), "s3cret");
        assertThat(only(extract(secret, "{'password':'s3cret'}"))
                        .json()
                        .get("text")
                        .asText())
                .isEqualTo("Top secret");
        assertThat(only(extract(secret, "{'password':'s3cret'}"))
                        .json()
                        .at("/info/EncryptFilterName")
                        .asText())
                .isEqualTo("Standard");
        assertThat(extract(secret, "{}").state().error().message()).startsWith("No password given");
        assertThat(extract(secret, "{'password':'wrong'}").state().error().message())
                .startsWith("Incorrect Password");
        assertThat(extract("just text".getBytes(StandardCharsets.UTF_8), "{}")
                        .state()
                        .error()
                        .message())
                .startsWith("Invalid PDF structure.");
    }

    @Test
    void theLegacyReadPdfNodeGivesTheSameJsonAndKeepsTheFiles() throws IOException {
        byte[] secret = pdf(List.of(List.of("one"), List.of("two")), "pw");
        FileBinaryStore store = new FileBinaryStore(dir, 1 << 22);
        BinaryRef ref = store.put("e", new ByteArrayInputStream(secret), "application/pdf", "r.pdf");
        Item input = Item.of(json("{'id':1}")).withBinary(Map.of("data", ref));
        var runner = new NodeRunner(new ReadPdfNode()).binaryStore(store);
        Item out = only(runner.run(1, json("{'encrypted':true,'password':'pw'}"), List.of(input)));
        assertThat(out.json().get("text").asText()).isEqualTo("one\n\ntwo");
        assertThat(out.json().has("id")).isFalse();
        assertThat(out.binary()).containsOnlyKeys("data");
        // not marked encrypted: the password is not used
        assertThat(runner.run(1, json("{'password':'pw'}"), List.of(input))
                        .state()
                        .error()
                        .message())
                .startsWith("No password given");
    }
}
