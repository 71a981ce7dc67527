package io.hetumind.nodes.files;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSBoolean;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSNumber;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * Extract From File's "Extract From PDF", in the shape n8n's {@code extractDataFromPDF} (pdf.js) gives: {@code
 * {numpages, numrender, info, text, version}} with {@code info} pdf.js's document info (format version, language,
 * encryption, the flags it reports, then the document's Info dictionary as written: dates as {@code D:…} text, names
 * as {@code {name}}, entries beyond the standard ones under {@code Custom}). The text is read with PDFBox: one line per text line, pages joined by a blank line (or a list
 * of pages); spacing inside a line may differ from pdf.js's where a PDF draws words apart.
 */
final class PdfText {

    /** The pdf.js release n8n 2.8 reads PDFs with, reported as n8n reports it. */
    static final String PDFJS_VERSION = "5.3.31";

    /** The Info entries pdf.js reports as they are when they are text. */
    private static final java.util.Set<String> STANDARD_TEXT = java.util.Set.of(
            "Title", "Author", "Subject", "Keywords", "Creator", "Producer", "CreationDate", "ModDate");

    private PdfText() {}

    /**
     * @param maxPages pages to read from the first (null: all; 0: none, as n8n)
     * @param joinPages the pages' texts as one text, else as a list
     */
    static ObjectNode read(byte[] data, String password, Integer maxPages, boolean joinPages, int item) {
        PDDocument pdf;
        try {
            pdf = password == null || password.isEmpty() ? Loader.loadPDF(data) : Loader.loadPDF(data, password);
        } catch (InvalidPasswordException e) {
            // pdf.js's PasswordException messages
            throw NodeException.user(
                    password == null || password.isEmpty() ? "No password given" : "Incorrect Password", item);
        } catch (IOException e) {
            throw NodeException.user("Invalid PDF structure.", item);
        }
        try (pdf) {
            int pages = pdf.getNumberOfPages();
            int read = maxPages == null ? pages : Math.max(0, Math.min(maxPages, pages));
            List<String> texts = new ArrayList<>();
            PDFTextStripper stripper = new PDFTextStripper();
            stripper.setLineSeparator("\n");
            stripper.setPageEnd("");
            stripper.setParagraphStart("");
            stripper.setParagraphEnd("");
            for (int p = 1; p <= read; p++) {
                stripper.setStartPage(p);
                stripper.setEndPage(p);
                // pdf.js gives a run of spaces as one
                texts.add(trimLineEnds(stripper.getText(pdf)).replaceAll(" {2,}", " "));
            }
            ObjectNode out = Json.object();
            out.put("numpages", pages);
            out.put("numrender", pages);
            out.set("info", info(pdf));
            if (joinPages) {
                out.put("text", String.join("\n\n", texts));
            } else {
                ArrayNode list = out.putArray("text");
                texts.forEach(list::add);
            }
            out.put("version", PDFJS_VERSION);
            return out;
        } catch (IOException e) {
            throw NodeException.user("Invalid PDF structure.", item);
        }
    }

    /** pdf.js joins a page's text items with a newline where the line changes and adds none at the end. */
    private static String trimLineEnds(String text) {
        int end = text.length();
        while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
            end--;
        }
        return text.substring(0, end);
    }

    private static ObjectNode info(PDDocument pdf) {
        ObjectNode info = Json.object();
        info.put(
                "PDFFormatVersion",
                String.format(Locale.ROOT, "%.1f", pdf.getDocument().getVersion()));
        COSBase lang = pdf.getDocumentCatalog().getCOSObject().getDictionaryObject(COSName.LANG);
        if (lang instanceof COSString s) {
            info.put("Language", s.getString());
        } else {
            info.putNull("Language");
        }
        if (pdf.isEncrypted()
                && pdf.getEncryption() != null
                && pdf.getEncryption().getFilter() != null) {
            info.put("EncryptFilterName", pdf.getEncryption().getFilter());
        } else {
            info.putNull("EncryptFilterName");
        }
        COSDictionary catalog = pdf.getDocumentCatalog().getCOSObject();
        COSDictionary acroForm = catalog.getCOSDictionary(COSName.ACRO_FORM);
        info.put("IsLinearized", isLinearized(pdf));
        info.put(
                "IsAcroFormPresent",
                acroForm != null
                        && acroForm.getCOSArray(COSName.FIELDS) != null
                        && acroForm.getCOSArray(COSName.FIELDS).size() > 0);
        info.put("IsXFAPresent", acroForm != null && acroForm.getDictionaryObject(COSName.XFA) != null);
        info.put("IsCollectionPresent", catalog.getDictionaryObject(COSName.COLLECTION) != null);
        info.put("IsSignaturesPresent", !pdf.getSignatureDictionaries().isEmpty());
        // pdf.js: the standard entries at the top (text, Trapped a name), any other under Custom
        COSDictionary dict = pdf.getDocumentInformation().getCOSObject();
        ObjectNode custom = Json.object();
        for (COSName key : dict.keySet()) {
            COSBase raw = dict.getDictionaryObject(key);
            JsonNode value = value(raw);
            if (value == null) {
                continue;
            }
            if (STANDARD_TEXT.contains(key.getName())) {
                if (raw instanceof COSString) {
                    info.set(key.getName(), value);
                }
            } else if (key.getName().equals("Trapped")) {
                if (raw instanceof COSName) {
                    info.set("Trapped", value);
                }
            } else {
                custom.set(key.getName(), value);
            }
        }
        if (!custom.isEmpty()) {
            info.set("Custom", custom);
        }
        return info;
    }

    private static boolean isLinearized(PDDocument pdf) {
        try {
            return pdf.getDocument().getLinearizedDictionary() != null;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** An Info entry as pdf.js hands it: text, a number, a boolean, or {@code {name}} for a name. */
    private static JsonNode value(COSBase v) {
        if (v instanceof COSString s) {
            return Json.F.textNode(s.getString());
        }
        if (v instanceof COSName n) {
            return Json.object().put("name", n.getName());
        }
        if (v instanceof COSNumber n) {
            return Json.F.numberNode(n.floatValue());
        }
        if (v instanceof COSBoolean b) {
            return Json.F.booleanNode(b.getValue());
        }
        return null;
    }
}
