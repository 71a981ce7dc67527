package io.hetumind.nodes.ai.vector;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The raw text of a Docx file as mammoth's {@code extractRawText} (what LangChain JS's
 * {@code DocxLoader}, so n8n's, uses) makes it: the text of the main document's body, every
 * paragraph followed by a blank line ({@code \n\n}), tabs as {@code \t}; line breaks, images, notes
 * and field codes give nothing; deleted text is left out and a deleted paragraph mark joins its text
 * to the next paragraph; text boxes follow the paragraph that anchors them; merged table cells count
 * once, a checkbox control's glyph gives nothing. Symbols ({@code w:sym}) of the dingbat fonts are
 * their Unicode characters ({@link Dingbats}), others give nothing.
 */
final class DocxText {

    private static final String REL = "http://schemas.openxmlformats.org/package/2006/relationships";
    private static final Set<String> W = Set.of(
            "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
            "http://purl.oclc.org/ooxml/wordprocessingml/main");
    private static final String MC = "http://schemas.openxmlformats.org/markup-compatibility/2006";
    private static final String V = "urn:schemas-microsoft-com:vml";
    private static final String WORDML = "http://schemas.microsoft.com/office/word/2010/wordml";
    private static final Set<String> OFFICE_DOCUMENT = Set.of(
            "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
            "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument");

    /** Text read from elements, and text boxes waiting to follow their paragraph (mammoth's "extra"). */
    private record Read(String text, String extra) {
        static final Read EMPTY = new Read("", "");
    }

    private final List<Node> deletedParagraphContents = new ArrayList<>();
    private boolean checkboxGlyphPending;

    private DocxText() {}

    /** The raw text of the Docx archive; {@code ""} when the body holds no text. */
    static String rawText(byte[] docx) {
        ZipParts zip = ZipParts.read(docx, "Docx", name -> name.endsWith(".xml") || name.endsWith(".rels"));
        String main = mainDocumentPath(zip);
        byte[] xml = zip.get(main);
        if (xml == null) {
            throw new IllegalArgumentException(
                    "the Docx file has no main document part ('" + main + "'); is it really a .docx file?");
        }
        Element root = SafeXml.parse(xml, main);
        Element body = wChild(root, "body");
        if (body == null) {
            throw new IllegalArgumentException("the Docx main document '" + main + "' has no body");
        }
        return new DocxText().readAll(SafeXml.children(body)).text();
    }

    /** The target of the package's officeDocument relationship, else {@code word/document.xml}. */
    private static String mainDocumentPath(ZipParts zip) {
        byte[] rels = zip.get("_rels/.rels");
        if (rels != null) {
            Element root = SafeXml.parse(rels, "_rels/.rels");
            for (Element rel : SafeXml.children(root)) {
                if (SafeXml.is(rel, REL, "Relationship") && OFFICE_DOCUMENT.contains(rel.getAttribute("Type"))) {
                    String target = rel.getAttribute("Target");
                    return target.startsWith("/") ? target.substring(1) : target;
                }
            }
        }
        return "word/document.xml";
    }

    private Read readAll(List<? extends Node> nodes) {
        StringBuilder text = new StringBuilder();
        StringBuilder extra = new StringBuilder();
        for (Node n : nodes) {
            if (n instanceof Element e) {
                Read r = read(e);
                text.append(r.text());
                extra.append(r.extra());
            }
        }
        return new Read(text.toString(), extra.toString());
    }

    private Read children(Element e) {
        return readAll(SafeXml.children(e));
    }

    private Read read(Element e) {
        String ns = e.getNamespaceURI() == null ? "" : e.getNamespaceURI();
        String name = e.getLocalName();
        if (ns.equals(MC)) {
            if (name.equals("AlternateContent")) {
                Element fallback = SafeXml.child(e, MC, "Fallback");
                return fallback == null ? Read.EMPTY : children(fallback);
            }
            return Read.EMPTY;
        }
        if (ns.equals(V)) {
            return switch (name) {
                case "roundrect", "shape", "textbox", "group", "rect" -> children(e);
                default -> Read.EMPTY;
            };
        }
        if (!W.contains(ns)) {
            return Read.EMPTY; // drawings (wp:inline, wp:anchor) carry images only for mammoth
        }
        return switch (name) {
            case "p" -> paragraph(e);
            case "r", "hyperlink", "ins", "object", "smartTag", "drawing", "txbxContent", "tbl", "tc" -> children(e);
            case "t" -> text(e.getTextContent());
            case "tab" -> new Read("\t", "");
            case "noBreakHyphen" -> text("\u2011");
            case "softHyphen" -> text("\u00AD");
            case "sym" -> {
                String symbol = Dingbats.symbol(wAttribute(e, "font"), wAttribute(e, "char"));
                yield symbol == null ? Read.EMPTY : text(symbol);
            }
            case "tr" -> row(e);
            case "sdt" -> sdt(e);
            case "pict" -> {
                Read inside = children(e);
                yield new Read("", inside.text() + inside.extra());
            }
            default -> Read.EMPTY;
        };
    }

    /** Text, unless it is the glyph a checkbox control shows (see {@link #sdt}). */
    private Read text(String text) {
        if (checkboxGlyphPending && !text.isEmpty()) {
            checkboxGlyphPending = false;
            return Read.EMPTY;
        }
        return new Read(text, "");
    }

    /**
     * A content control: its content, except that a checkbox control's first text (the ☐/☒ glyph)
     * becomes a checkbox, which has no text; a checkbox without text replaces the whole content.
     */
    private Read sdt(Element sdt) {
        Element content = wChild(sdt, "sdtContent");
        if (content == null) {
            return Read.EMPTY;
        }
        Element props = wChild(sdt, "sdtPr");
        if (props == null || SafeXml.child(props, WORDML, "checkbox") == null) {
            return children(content);
        }
        checkboxGlyphPending = true;
        Read inside = children(content);
        boolean noText = checkboxGlyphPending;
        checkboxGlyphPending = false;
        return noText ? Read.EMPTY : inside;
    }

    private Read paragraph(Element p) {
        Element props = wChild(p, "pPr");
        Element runProps = props == null ? null : wChild(props, "rPr");
        List<Node> children = new ArrayList<>();
        for (Node n = p.getFirstChild(); n != null; n = n.getNextSibling()) {
            children.add(n);
        }
        if (runProps != null && wChild(runProps, "del") != null) {
            deletedParagraphContents.addAll(children); // its text joins the next paragraph
            return Read.EMPTY;
        }
        if (!deletedParagraphContents.isEmpty()) {
            children.addAll(0, deletedParagraphContents);
            deletedParagraphContents.clear();
        }
        Read inside = readAll(children);
        return new Read(inside.text() + "\n\n" + inside.extra(), "");
    }

    /** A table row: deleted rows are left out, cells continuing a vertical merge count once. */
    private Read row(Element tr) {
        Element props = wChild(tr, "trPr");
        if (props != null && wChild(props, "del") != null) {
            return Read.EMPTY;
        }
        boolean firstRow = previousRow(tr) == null;
        StringBuilder text = new StringBuilder();
        StringBuilder extra = new StringBuilder();
        for (Element cell : SafeXml.children(tr)) {
            if (!firstRow && isMergeContinuation(cell)) {
                continue;
            }
            Read r = read(cell);
            text.append(r.text());
            extra.append(r.extra());
        }
        return new Read(text.toString(), extra.toString());
    }

    private static Element previousRow(Element tr) {
        for (Node n = tr.getPreviousSibling(); n != null; n = n.getPreviousSibling()) {
            if (n instanceof Element e && "tr".equals(e.getLocalName())) {
                return e;
            }
        }
        return null;
    }

    private static boolean isMergeContinuation(Element cell) {
        if (!"tc".equals(cell.getLocalName())) {
            return false;
        }
        Element props = wChild(cell, "tcPr");
        Element vMerge = props == null ? null : wChild(props, "vMerge");
        if (vMerge == null) {
            return false;
        }
        String val = vMerge.getAttributeNS(vMerge.getNamespaceURI(), "val");
        return val.isEmpty() || val.equals("continue");
    }

    /** A {@code w:} attribute of a {@code w:} element, or null when absent. */
    private static String wAttribute(Element e, String localName) {
        return e.hasAttributeNS(e.getNamespaceURI(), localName)
                ? e.getAttributeNS(e.getNamespaceURI(), localName)
                : null;
    }

    private static Element wChild(Element parent, String localName) {
        for (Element e : SafeXml.children(parent)) {
            if (localName.equals(e.getLocalName()) && W.contains(e.getNamespaceURI())) {
                return e;
            }
        }
        return null;
    }
}
