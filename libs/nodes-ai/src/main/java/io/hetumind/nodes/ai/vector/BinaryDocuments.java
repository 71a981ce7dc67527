package io.hetumind.nodes.ai.vector;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.spi.Json;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * Turns one binary file into documents the way n8n's binary loader does (LangChain JS's PDF, CSV,
 * JSON, Docx, EPub and text loaders), plus HTML pages, which n8n refuses: which loader runs is
 * decided by the file's MIME type, the selected {@code loader} only has to agree with it. Problems are {@link IllegalArgumentException}s whose
 * message the node prefixes with its name and the item.
 */
final class BinaryDocuments {

    static final String PDF = "application/pdf";
    static final String CSV = "text/csv";
    static final String EPUB = "application/epub+zip";
    static final String DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    static final String JSON = "application/json";
    static final String HTML = "text/html";
    static final String XHTML = "application/xhtml+xml";

    /** n8n's loader → MIME types table ({@code auto} takes any of them). */
    static final Map<String, List<String>> SUPPORTED = new LinkedHashMap<>();

    static {
        SUPPORTED.put("pdfLoader", List.of(PDF));
        SUPPORTED.put("csvLoader", List.of(CSV));
        SUPPORTED.put("epubLoader", List.of(EPUB));
        SUPPORTED.put("docxLoader", List.of(DOCX));
        SUPPORTED.put("textLoader", List.of("text/plain", "text/mdx", "text/md", "text/markdown"));
        SUPPORTED.put("jsonLoader", List.of(JSON));
        SUPPORTED.put("htmlLoader", List.of(HTML, XHTML)); // Hetumind's own: n8n has no HTML loader
    }

    /** The loader options (n8n's {@code options.*}). */
    record Options(boolean splitPages, String separator, String column, String pointers) {}

    private BinaryDocuments() {}

    /** The MIME type without parameters, lower case ({@code text/plain; charset=utf-8} → {@code text/plain}). */
    static String baseType(String mimeType) {
        if (mimeType == null) {
            return "";
        }
        int semi = mimeType.indexOf(';');
        return (semi < 0 ? mimeType : mimeType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    /** Checks the file's type against the selected loader as n8n does; throws with n8n's wording. */
    static void check(String mime, String selectedLoader) {
        if (!selectedLoader.equals("auto")) {
            List<String> types = SUPPORTED.get(selectedLoader);
            if (types == null) {
                throw new IllegalArgumentException("unknown data format '" + selectedLoader + "'");
            }
            if (!types.contains(mime)) {
                String needed = SUPPORTED.entrySet().stream()
                        .filter(e -> e.getValue().contains(mime))
                        .map(Map.Entry::getKey)
                        .findFirst()
                        .orElse(null);
                throw new IllegalArgumentException(
                        needed == null
                                ? "unsupported MIME type '" + mime + "' (the data format is '" + selectedLoader + "')"
                                : "the MIME type '" + mime + "' does not match the data format '" + selectedLoader
                                        + "': select '" + needed + "' under Data Format");
            }
        }
        if (SUPPORTED.values().stream().noneMatch(t -> t.contains(mime))) {
            throw new IllegalArgumentException("unsupported MIME type '" + mime
                    + "' (supported: PDF, CSV, JSON, Docx, EPub, HTML, plain text and Markdown)");
        }
    }

    /**
     * The documents of one file whose type passed {@link #check}; {@code fileName} (may be {@code
     * null}) is the EPub documents' {@code source}.
     */
    static List<Doc> load(byte[] data, String mimeType, String fileName, Options options) {
        String mime = baseType(mimeType);
        return switch (mime) {
            case PDF -> pdf(data, options.splitPages());
            case CSV -> csv(text(data, mimeType), options.separator(), options.column());
            case JSON -> json(text(data, mimeType), options.pointers());
            case DOCX -> docx(data);
            case EPUB -> epub(data, fileName);
            case HTML, XHTML -> html(HtmlText.parse(data, mimeType), mime);
            default -> List.of(new Doc(text(data, mimeType), source(mime)));
        };
    }

    /** Docx as LangChain's loader: one document of mammoth's raw text, none when it is empty. */
    private static List<Doc> docx(byte[] data) {
        String text = DocxText.rawText(data);
        return text.isEmpty() ? List.of() : List.of(new Doc(text, source(DOCX)));
    }

    /**
     * EPub as LangChain's loader with {@code splitChapters} (n8n's only setting): one document per
     * chapter, {@code metadata.chapter} its title when the table of contents gives one. LangChain's
     * {@code source} is the temporary file n8n writes; here it is the file's name.
     */
    private static List<Doc> epub(byte[] data, String fileName) {
        String source = fileName == null || fileName.isBlank() ? "blob" : fileName;
        List<Doc> out = new ArrayList<>();
        for (EpubChapters.Chapter chapter : EpubChapters.read(data)) {
            ObjectNode md = Json.object().put("source", source);
            if (chapter.title() != null && !chapter.title().isEmpty()) {
                md.put("chapter", chapter.title());
            }
            out.add(new Doc(HtmlText.text(HtmlText.parse(chapter.html())), md));
        }
        return out;
    }

    /** An HTML page as one document of its text, with the page's {@code title} when it has one. */
    private static List<Doc> html(org.jsoup.nodes.Document page, String mime) {
        ObjectNode md = source(mime);
        if (!page.title().isBlank()) {
            md.put("title", page.title().strip());
        }
        return List.of(new Doc(HtmlText.text(page), md));
    }

    private static ObjectNode source(String mime) {
        return Json.object().put("source", "blob").put("blobType", mime);
    }

    /** Bytes as text in the MIME type's charset (UTF-8 when none or unknown); a BOM is dropped. */
    static String text(byte[] data, String mimeType) {
        Charset cs = StandardCharsets.UTF_8;
        if (mimeType != null) {
            for (String part : mimeType.split(";")) {
                String p = part.trim();
                if (p.regionMatches(true, 0, "charset=", 0, 8)) {
                    try {
                        cs = Charset.forName(p.substring(8).replace("\"", "").trim());
                    } catch (RuntimeException ignored) {
                        // unknown charset: UTF-8
                    }
                }
            }
        }
        String s = new String(data, cs);
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }

    private static List<Doc> pdf(byte[] data, boolean splitPages) {
        try (PDDocument pdf = Loader.loadPDF(data)) {
            int pages = pdf.getNumberOfPages();
            ObjectNode base = source(PDF);
            ObjectNode meta = base.putObject("pdf");
            meta.put("version", String.valueOf(pdf.getVersion()));
            ObjectNode info = meta.putObject("info");
            PDDocumentInformation di = pdf.getDocumentInformation();
            putIfSet(info, "Title", di.getTitle());
            putIfSet(info, "Author", di.getAuthor());
            putIfSet(info, "Subject", di.getSubject());
            putIfSet(info, "Keywords", di.getKeywords());
            putIfSet(info, "Creator", di.getCreator());
            putIfSet(info, "Producer", di.getProducer());
            meta.put("totalPages", pages);
            PDFTextStripper stripper = new PDFTextStripper();
            stripper.setSortByPosition(true);
            List<String> texts = new ArrayList<>();
            for (int p = 1; p <= pages; p++) {
                stripper.setStartPage(p);
                stripper.setEndPage(p);
                texts.add(stripper.getText(pdf).strip());
            }
            List<Doc> out = new ArrayList<>();
            if (splitPages) {
                for (int p = 0; p < pages; p++) {
                    if (texts.get(p).isBlank()) {
                        continue; // as LangChain's PDF loader: empty pages make no document
                    }
                    ObjectNode md = base.deepCopy();
                    md.putObject("loc").put("pageNumber", p + 1);
                    out.add(new Doc(texts.get(p), md));
                }
            } else {
                String all = String.join(
                        "\n\n", texts.stream().filter(t -> !t.isBlank()).toList());
                if (!all.isBlank()) {
                    out.add(new Doc(all, base));
                }
            }
            return out;
        } catch (InvalidPasswordException e) {
            throw new IllegalArgumentException("the PDF is password-protected");
        } catch (IOException e) {
            throw new IllegalArgumentException("the file is not a readable PDF: " + e.getMessage());
        }
    }

    private static void putIfSet(ObjectNode o, String key, String value) {
        if (value != null && !value.isBlank()) {
            o.put(key, value);
        }
    }

    /**
     * CSV as LangChain's loader: the first row names the columns; each further row is one document,
     * {@code name: value} lines, or the value of {@code column} alone.
     */
    static List<Doc> csv(String text, String separator, String column) {
        if (separator == null || separator.length() != 1) {
            throw new IllegalArgumentException(
                    "the CSV separator must be one character, got '" + (separator == null ? "" : separator) + "'");
        }
        List<List<String>> rows = parseCsv(text, separator.charAt(0));
        if (rows.isEmpty()) {
            return List.of();
        }
        List<String> header = rows.getFirst();
        int col = -1;
        if (column != null && !column.isEmpty()) {
            col = header.indexOf(column);
            if (col < 0) {
                throw new IllegalArgumentException(
                        "the CSV has no column '" + column + "' (columns: " + String.join(", ", header) + ")");
            }
        }
        List<Doc> out = new ArrayList<>();
        for (int r = 1; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            String content;
            if (col >= 0) {
                content = col < row.size() ? row.get(col) : "";
            } else {
                StringBuilder sb = new StringBuilder();
                for (int c = 0; c < header.size(); c++) {
                    if (c > 0) {
                        sb.append('\n');
                    }
                    sb.append(header.get(c).strip())
                            .append(": ")
                            .append(c < row.size() ? row.get(c).strip() : "");
                }
                content = sb.toString();
            }
            ObjectNode md = source(CSV).put("line", r);
            out.add(new Doc(content, md));
        }
        return out;
    }

    /** RFC 4180 rows: quoted fields may hold separators, line breaks and doubled quotes. */
    static List<List<String>> parseCsv(String text, char sep) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < n && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(c);
                }
            } else if (c == '"' && field.isEmpty()) {
                quoted = true;
                any = true;
            } else if (c == sep) {
                row.add(field.toString());
                field.setLength(0);
                any = true;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
                    i++;
                }
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                any = false;
            } else {
                field.append(c);
                any = true;
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("the CSV has an unterminated quoted field");
        }
        if (any || !field.isEmpty()) {
            row.add(field.toString());
            rows.add(row);
        }
        return rows;
    }

    /**
     * JSON as LangChain's loader: every string found under the given JSON pointers (comma-separated;
     * none = the whole document) is one document.
     */
    static List<Doc> json(String text, String pointers) {
        JsonNode root;
        try {
            root = Json.reader().readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("the file is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null) {
            return List.of();
        }
        List<String> strings = new ArrayList<>();
        for (String p : (pointers == null ? "" : pointers).split(",")) {
            String pointer = p.strip();
            JsonNode at;
            try {
                at = pointer.isEmpty() ? root : root.at(JsonPointer.compile(pointer));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + pointer + "' is not a JSON pointer (e.g. /text)");
            }
            collectStrings(at, strings);
        }
        List<Doc> out = new ArrayList<>();
        for (int i = 0; i < strings.size(); i++) {
            out.add(new Doc(strings.get(i), source(JSON).put("line", i + 1)));
        }
        return out;
    }

    private static void collectStrings(JsonNode node, List<String> out) {
        if (node == null || node.isMissingNode()) {
            return;
        }
        if (node.isTextual()) {
            out.add(node.asText());
        } else if (node.isContainerNode()) {
            node.forEach(child -> collectStrings(child, out));
        }
    }
}
