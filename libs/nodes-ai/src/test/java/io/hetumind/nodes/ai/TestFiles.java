package io.hetumind.nodes.ai;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Docx and EPub files built in the tests from known text, so every expected word is visible here. */
public final class TestFiles {

    public static final String W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    public static final String DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    private TestFiles() {}

    /** A zip of (name, text) pairs, deflated. */
    public static byte[] zip(String... nameText) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (int i = 0; i < nameText.length; i += 2) {
                out.putNextEntry(new ZipEntry(nameText[i]));
                out.write(nameText[i + 1].getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A Docx whose main part {@code word/document.xml} has this body XML (prefixes w, v, mc bound). */
    public static byte[] docx(String bodyXml) {
        return zip(
                "[Content_Types].xml",
                """
                <?xml version="1.0" encoding="UTF-8"?>
                <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
                <Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
                </Types>""",
                "_rels/.rels",
                """
                <?xml version="1.0" encoding="UTF-8"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
                <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
                </Relationships>""",
                "word/document.xml",
                document(bodyXml));
    }

    public static String document(String bodyXml) {
        return """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <w:document xmlns:w="%s" xmlns:v="urn:schemas-microsoft-com:vml"
                  xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>%s<w:sectPr/></w:body></w:document>"""
                .formatted(W, bodyXml);
    }

    /** A paragraph of one run of text. */
    public static String p(String text) {
        return "<w:p><w:r><w:t xml:space=\"preserve\">" + text + "</w:t></w:r></w:p>";
    }

    /**
     * An EPub 2 book under {@code OEBPS/}: a cover page without a table-of-contents entry, then the
     * chapters (title, XHTML body) in spine order, each listed in the NCX (the later ones nested in
     * the first), plus a stylesheet and an image that are not chapters.
     */
    public static byte[] epub(String[]... chapters) {
        StringBuilder manifest = new StringBuilder();
        StringBuilder spine = new StringBuilder("<itemref idref=\"cover\"/>");
        StringBuilder nav = new StringBuilder();
        List<String> files = new ArrayList<>();
        for (int i = 0; i < chapters.length; i++) {
            String id = "ch" + (i + 1);
            manifest.append(
                    "<item id=\"%s\" href=\"Text/%s.xhtml\" media-type=\"application/xhtml+xml\"/>".formatted(id, id));
            spine.append("<itemref idref=\"%s\"/>".formatted(id));
            nav.append(("<navPoint id=\"n%d\" playOrder=\"%d\"><navLabel><text>%s</text></navLabel>"
                            + "<content src=\"Text/%s.xhtml\"/>")
                    .formatted(i + 1, i + 1, chapters[i][0], id));
            if (i > 0) {
                nav.append("</navPoint>");
            }
            files.add("OEBPS/Text/" + id + ".xhtml");
            files.add(xhtml(chapters[i][0], chapters[i][1]));
        }
        if (chapters.length > 0) {
            nav.append("</navPoint>");
        }
        return epub(manifest.toString(), spine.toString(), nav.toString(), files);
    }

    /** An EPub with this manifest (besides ncx, css, img, cover), spine, NCX nav map and chapter files. */
    public static byte[] epub(String manifest, String spine, String navMap, List<String> chapterFiles) {
        List<String> all = new ArrayList<>(List.of(
                "mimetype",
                "application/epub+zip",
                "META-INF/container.xml",
                """
                <?xml version="1.0"?>
                <container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
                <rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles>
                </container>""",
                "OEBPS/content.opf",
                """
                <?xml version="1.0" encoding="UTF-8"?>
                <package xmlns="http://www.idpf.org/2007/opf" version="2.0" unique-identifier="id">
                <metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Test Book</dc:title></metadata>
                <manifest>
                <item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>
                <item id="css" href="Styles/book.css" media-type="text/css"/>
                <item id="img" href="Images/dot.png" media-type="image/png"/>
                <item id="cover" href="Text/cover.xhtml" media-type="application/xhtml+xml"/>
                %s
                </manifest>
                <spine toc="ncx">%s</spine>
                </package>"""
                        .formatted(manifest, spine),
                "OEBPS/toc.ncx",
                """
                <?xml version="1.0" encoding="UTF-8"?>
                <ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1"><navMap>%s</navMap></ncx>"""
                        .formatted(navMap),
                "OEBPS/Styles/book.css",
                "p { margin: 0 }",
                "OEBPS/Images/dot.png",
                "\u0089PNG not really",
                "OEBPS/Text/cover.xhtml",
                xhtml("Cover", "<p>Test Book</p>")));
        all.addAll(chapterFiles);
        return zip(all.toArray(String[]::new));
    }

    public static String xhtml(String title, String body) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <html xmlns="http://www.w3.org/1999/xhtml"><head><title>%s</title>
                <link rel="stylesheet" href="../Styles/book.css"/><style>p{color:red}</style></head>
                <body>%s</body></html>"""
                .formatted(title, body);
    }
}
