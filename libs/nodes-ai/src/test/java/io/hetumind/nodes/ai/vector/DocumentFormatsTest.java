package io.hetumind.nodes.ai.vector;

import static io.hetumind.nodes.ai.TestFiles.docx;
import static io.hetumind.nodes.ai.TestFiles.p;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hetumind.nodes.ai.TestFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/** The Docx, EPub and HTML readers of the Default Data Loader, on files built here. */
class DocumentFormatsTest {

    @Test
    void docxRawTextIsMammothsParagraphsTabsInsertionsTablesAndTextBoxes() {
        String body = p("Cats sleep")
                // runs, a tab, a no-break hyphen; a line break and a field code give nothing
                + "<w:p><w:r><w:t>A</w:t><w:tab/><w:t>B</w:t><w:noBreakHyphen/><w:t>C</w:t><w:br/>"
                + "<w:instrText> PAGE </w:instrText><w:t>D</w:t></w:r></w:p>"
                // a deleted paragraph mark joins this text to the next paragraph; deleted runs are gone
                + "<w:p><w:pPr><w:rPr><w:del w:id=\"1\" w:author=\"x\"/></w:rPr></w:pPr><w:r><w:t>Joined </w:t></w:r></w:p>"
                + "<w:p><w:hyperlink><w:r><w:t>to this.</w:t></w:r></w:hyperlink><w:del><w:r><w:delText>gone</w:delText></w:r></w:del>"
                + "<w:ins><w:r><w:t xml:space=\"preserve\"> Inserted.</w:t></w:r></w:ins></w:p>"
                // a table whose second column is merged vertically: the continuation cell counts once
                + "<w:tbl><w:tr><w:tc>" + p("A1") + "</w:tc><w:tc><w:tcPr><w:vMerge w:val=\"restart\"/></w:tcPr>"
                + p("B")
                + "</w:tc></w:tr><w:tr><w:tc>" + p("A2")
                + "</w:tc><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc></w:tr>"
                + "<w:tr><w:trPr><w:del w:id=\"2\" w:author=\"x\"/></w:trPr><w:tc>" + p("deleted row")
                + "</w:tc></w:tr></w:tbl>"
                // a VML text box follows its paragraph; alternate content reads the fallback only
                + "<w:p><w:r><w:t>Anchor</w:t></w:r><w:r><w:pict><v:shape><v:textbox><w:txbxContent>" + p("Boxed")
                + "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
                + "<mc:AlternateContent><mc:Choice Requires=\"wps\"><w:r><w:t>choice</w:t></w:r></mc:Choice>"
                + "<mc:Fallback><w:r><w:t>+fallback</w:t></w:r></mc:Fallback></mc:AlternateContent></w:p>"
                + "<w:sdt><w:sdtPr/><w:sdtContent>" + p("In a control") + "</w:sdtContent></w:sdt>";
        assertThat(DocxText.rawText(docx(body)))
                .isEqualTo("Cats sleep\n\nA\tB\u2011CD\n\nJoined to this. Inserted.\n\nA1\n\nB\n\nA2\n\n"
                        + "Anchor+fallback\n\nBoxed\n\nIn a control\n\n");
    }

    @Test
    void docxMainPartComesFromThePackageRelationships() {
        byte[] file = TestFiles.zip(
                "_rels/.rels",
                "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                        + "<Relationship Id=\"r\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\""
                        + " Target=\"/doc/main.xml\"/></Relationships>",
                "word/document.xml",
                TestFiles.document(p("not this one")),
                "doc/main.xml",
                TestFiles.document(p("the main part")));
        assertThat(DocxText.rawText(file)).isEqualTo("the main part\n\n");
        assertThat(DocxText.rawText(docx(""))).isEmpty();
    }

    @Test
    void docxWithADoctypeIsRefusedSoNoEntityIsEverResolved() {
        byte[] xxe = TestFiles.zip(
                "word/document.xml",
                "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                        + "<w:document xmlns:w=\"" + TestFiles.W
                        + "\"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>");
        assertThatThrownBy(() -> DocxText.rawText(xxe))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'word/document.xml' is not well-formed XML")
                .hasMessageContaining("DOCTYPE");
        byte[] billionLaughs = TestFiles.zip(
                "word/document.xml",
                "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;\">]><d>&b;</d>");
        assertThatThrownBy(() -> DocxText.rawText(billionLaughs)).hasMessageContaining("DOCTYPE");
    }

    @Test
    void corruptAndMissingPartsAreClearErrors() {
        assertThatThrownBy(() -> DocxText.rawText("plain text, not a zip".getBytes()))
                .hasMessage("the file is not a Docx file: it is not a zip archive");
        byte[] good = docx(p("x"));
        byte[] truncated = java.util.Arrays.copyOf(good, good.length / 2);
        assertThatThrownBy(() -> DocxText.rawText(truncated)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DocxText.rawText(TestFiles.zip("a.txt", "hello")))
                .hasMessageContaining("no main document part ('word/document.xml')");
        assertThatThrownBy(() -> DocxText.rawText(TestFiles.zip("word/document.xml", "<w:document")))
                .hasMessageContaining("'word/document.xml' is not well-formed XML");
        assertThatThrownBy(() -> EpubChapters.read(TestFiles.zip("a.txt", "hello")))
                .hasMessage("the EPub file has no META-INF/container.xml");
    }

    /** A zip with one entry of that many zero bytes (compresses about a thousandfold). */
    static byte[] zeros(String name, long bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.setLevel(Deflater.BEST_COMPRESSION);
            zip.putNextEntry(new ZipEntry(name));
            byte[] chunk = new byte[1 << 20];
            for (long left = bytes; left > 0; left -= chunk.length) {
                zip.write(chunk, 0, (int) Math.min(chunk.length, left));
            }
            zip.closeEntry();
        }
        return out.toByteArray();
    }

    @Test
    void zipBombsAreRefusedByUncompressedSizeKeptSizeAndEntryCount() throws IOException {
        byte[] bomb = zeros("word/media/image1.png", ZipParts.MAX_TOTAL_BYTES + 1);
        assertThat(bomb.length).isLessThan(1 << 20); // a small file that unpacks to over 256 MiB
        assertThatThrownBy(() -> DocxText.rawText(bomb))
                .hasMessage("the Docx file unpacks to more than 256 MiB; refused (a zip bomb?)");

        byte[] hugeText = zeros("word/document.xml", ZipParts.MAX_KEPT_BYTES + 1);
        assertThatThrownBy(() -> DocxText.rawText(hugeText))
                .hasMessage("the Docx file's text parts unpack to more than 32 MiB; refused");

        String[] many = new String[2 * (ZipParts.MAX_ENTRIES + 1)];
        for (int i = 0; i < ZipParts.MAX_ENTRIES + 1; i++) {
            many[2 * i] = "e" + i;
            many[2 * i + 1] = "";
        }
        assertThatThrownBy(() -> EpubChapters.read(TestFiles.zip(many)))
                .hasMessage("the EPub file has more than 10000 zip entries; refused");
    }

    @Test
    void deeplyNestedXmlIsRefusedBeforeTheReaderRecurses() {
        String deep = "<w:sdt><w:sdtContent>".repeat(SafeXml.MAX_DEPTH)
                + p("deep")
                + "</w:sdtContent></w:sdt>".repeat(SafeXml.MAX_DEPTH);
        assertThatThrownBy(() -> DocxText.rawText(docx(deep)))
                .hasMessageContaining("'word/document.xml' is not well-formed XML")
                .hasMessageContaining("maxElementDepth");
        String fine = "<w:sdt><w:sdtContent>".repeat(20) + p("nested") + "</w:sdtContent></w:sdt>".repeat(20);
        assertThat(DocxText.rawText(docx(fine))).isEqualTo("nested\n\n");
    }

    @Test
    void epubChaptersFollowTheSpineWithTitlesFromTheNcx() {
        byte[] book = TestFiles.epub(
                new String[] {"The Beginning", "<h1>One</h1><p>First words.</p>"},
                new String[] {"Second &amp; Last", "<p>Second words.</p>"});
        List<EpubChapters.Chapter> chapters = EpubChapters.read(book);
        assertThat(chapters)
                .extracting(EpubChapters.Chapter::title)
                .containsExactly(null, "The Beginning", "Second & Last");
        assertThat(HtmlText.text(HtmlText.parse(chapters.get(1).html()))).isEqualTo("ONE\n\nFirst words.");

        byte[] notXhtml = TestFiles.epub(
                "<item id=\"x\" href=\"Text/x.html\" media-type=\"text/html\"/>",
                "<itemref idref=\"x\"/>",
                "",
                List.of("OEBPS/Text/x.html", "<p>x</p>"));
        assertThatThrownBy(() -> EpubChapters.read(notXhtml))
                .hasMessage("the EPub chapter 'x' has the media type 'text/html', not application/xhtml+xml");
        byte[] missing = TestFiles.epub(
                "<item id=\"m\" href=\"Text/missing.xhtml\" media-type=\"application/xhtml+xml\"/>",
                "<itemref idref=\"m\"/>",
                "",
                List.of());
        assertThatThrownBy(() -> EpubChapters.read(missing))
                .hasMessage("the EPub chapter 'm' (OEBPS/Text/missing.xhtml) is missing from the archive");
    }

    @Test
    void hrefsResolveAgainstThePackageFolder() {
        assertThat(EpubChapters.resolve("OEBPS/", "Text/ch%201.xhtml")).isEqualTo("OEBPS/Text/ch 1.xhtml");
        assertThat(EpubChapters.resolve("OEBPS/Text/", "../Images/a.png")).isEqualTo("OEBPS/Images/a.png");
        assertThat(EpubChapters.resolve("", "./a+b.xhtml")).isEqualTo("a+b.xhtml");
    }

    /**
     * Golden outputs of html-to-text 9.0.5's {@code convert(html)} with its default options (what
     * LangChain JS's EPub loader calls), recorded with Node from the {@code .html}/{@code .xhtml}
     * files beside them in {@code loader/html-to-text/}.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(
            strings = {"blocks.html", "wrapping.html", "elements.html", "chapter.xhtml"})
    void htmlTextIsWhatHtmlToTextWrites(String file) throws Exception {
        String html = resource(file);
        String expected = resource(file.replaceFirst("\\.x?html$", ".txt"));
        assertThat(HtmlText.text(HtmlText.parse(html))).isEqualTo(expected);
    }

    private static String resource(String name) throws java.io.IOException {
        try (var in = DocumentFormatsTest.class.getResourceAsStream("/loader/html-to-text/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** mammoth reads {@code w:sym} through dingbat-to-unicode: {@code F0xx} codes as {@code xx}, other fonts give nothing. */
    @Test
    void docxSymbolsOfDingbatFontsAreTheirUnicodeCharacters() {
        String body = "<w:p><w:r><w:t>a</w:t><w:sym w:font=\"Symbol\" w:char=\"61\"/>"
                + "<w:sym w:font=\"Wingdings\" w:char=\"F04A\"/><w:sym w:font=\"webdings\" w:char=\"21\"/>"
                + "<w:sym w:font=\"Symbol\" w:char=\"F0B7\"/>"
                // not mapped: a font mammoth does not know, a lower-case f0 prefix, a code outside the table
                + "<w:sym w:font=\"Arial\" w:char=\"41\"/><w:sym w:font=\"Wingdings\" w:char=\"f04a\"/>"
                + "<w:sym w:font=\"Symbol\" w:char=\"FFFF\"/><w:sym w:char=\"41\"/><w:t>b</w:t></w:r></w:p>";
        assertThat(DocxText.rawText(docx(body))).isEqualTo("a\u03B1\u263A\uD83D\uDD77\u2022b\n\n");
        // a checkbox control whose glyph is a symbol: the glyph is the checkbox, so no text
        String wordml = "xmlns:w14=\"http://schemas.microsoft.com/office/word/2010/wordml\"";
        String box = "<w:sdt><w:sdtPr><w14:checkbox " + wordml + "/></w:sdtPr><w:sdtContent><w:r>"
                + "<w:sym w:font=\"Wingdings 2\" w:char=\"F0A3\"/></w:r></w:sdtContent></w:sdt>";
        assertThat(DocxText.rawText(docx("<w:p>" + box + "<w:r><w:t>ok</w:t></w:r></w:p>")))
                .isEqualTo("ok\n\n");
        assertThat(Dingbats.parseHex(" 0x4Azz")).isEqualTo(0x4A);
        assertThat(Dingbats.parseHex("zz")).isNull();
    }

    @Test
    void docxCheckboxControlsGiveNoGlyph() {
        String wordml = "xmlns:w14=\"http://schemas.microsoft.com/office/word/2010/wordml\"";
        String box =
                "<w:sdt><w:sdtPr><w14:checkbox " + wordml + "><w14:checked w14:val=\"1\"/></w14:checkbox></w:sdtPr>"
                        + "<w:sdtContent><w:r><w:t>\u2612</w:t></w:r></w:sdtContent></w:sdt>";
        assertThat(DocxText.rawText(docx("<w:p>" + box + "<w:r><w:t> Agreed</w:t></w:r></w:p>")))
                .isEqualTo(" Agreed\n\n");
    }

    @Test
    void htmlFilesUseTheMimeCharsetElseTheMetaCharset() {
        byte[] latin1 = "<html><head><meta charset=\"iso-8859-1\"></head><body><p>Caf\u00e9</p></body></html>"
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(HtmlText.text(HtmlText.parse(latin1, "text/html"))).isEqualTo("Caf\u00e9");
        byte[] utf8 = "<p>Caf\u00e9</p>".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(HtmlText.text(HtmlText.parse(utf8, "text/html"))).isEqualTo("Caf\u00e9");
        assertThat(HtmlText.text(HtmlText.parse(latin1, "text/html; charset=utf-8")))
                .isEqualTo("Caf\uFFFD");
    }
}
