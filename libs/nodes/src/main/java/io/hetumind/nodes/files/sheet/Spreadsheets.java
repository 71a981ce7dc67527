package io.hetumind.nodes.files.sheet;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Writing one sheet to, and reading sheets from, the spreadsheet formats n8n offers besides CSV. */
public final class Spreadsheets {

    /** The formats written and read here. */
    public static final List<String> FORMATS = List.of("html", "rtf", "ods", "xls", "xlsx");

    private static final Map<String, String> MIME = Map.of(
            "html", "text/html",
            "rtf", "application/rtf",
            "ods", OdsFormat.MIME,
            "xls", "application/vnd.ms-excel",
            "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "csv", "text/csv");

    private Spreadsheets() {}

    /** The MIME type n8n gives a file of this format, or null. */
    public static String mimeType(String format) {
        return MIME.get(format);
    }

    /** The bytes of a file holding only {@code sheet}; {@code compression} deflates ODS (xlsx is always deflated). */
    public static byte[] write(String format, Sheet sheet, boolean compression) {
        checkSheetName(sheet.name(), format);
        return switch (format) {
            case "html" -> HtmlFormat.write(sheet);
            case "rtf" -> RtfFormat.write(sheet);
            case "ods" -> OdsFormat.write(sheet, compression);
            case "xls" -> PoiFormat.write(sheet, false);
            case "xlsx" -> PoiFormat.write(sheet, true);
            default -> throw new SpreadsheetException("unknown spreadsheet format '" + format + "'");
        };
    }

    /** SheetJS's sheet name rules for the formats that keep names. */
    private static void checkSheetName(String name, String format) {
        if (!List.of("ods", "xls", "xlsx").contains(format)) {
            return;
        }
        if (name.length() > 31) {
            throw new SpreadsheetException("Sheet names cannot exceed 31 chars");
        }
        if (name.matches(".*[:\\\\/?*\\[\\]].*")) {
            throw new SpreadsheetException("Sheet name cannot contain : \\ / ? * [ ]");
        }
    }

    /**
     * The sheets of {@code bytes} read as {@code format}: text formats (html, rtf) as UTF-8; {@code raw} keeps
     * HTML cell text as strings. Null or {@code autodetect} picks the format from the content.
     */
    public static List<Sheet> read(String format, byte[] bytes, boolean raw) {
        String f = format == null || format.equals("autodetect") ? detect(bytes) : format;
        return switch (f) {
            case "html" -> HtmlFormat.read(text(bytes), raw);
            case "rtf" -> RtfFormat.read(bytes);
            case "ods" -> OdsFormat.read(bytes);
            case "xls", "xlsx" -> PoiFormat.read(bytes);
            default -> throw new SpreadsheetException("unknown spreadsheet format '" + f + "'");
        };
    }

    /** The format of {@code bytes} by its content: zip (xlsx or ods), OLE2 (xls), RTF, HTML, else null (text). */
    public static String detect(byte[] b) {
        if (b.length >= 4 && b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4) {
            String head = new String(b, 0, Math.min(b.length, 200), StandardCharsets.ISO_8859_1);
            return head.contains("mimetypeapplication/vnd.oasis.opendocument") ? "ods" : "xlsx";
        }
        if (b.length >= 8 && (b[0] & 0xFF) == 0xD0 && (b[1] & 0xFF) == 0xCF && b[2] == 0x11 && (b[3] & 0xFF) == 0xE0) {
            return "xls";
        }
        String start =
                text(java.util.Arrays.copyOf(b, Math.min(b.length, 1024))).stripLeading();
        if (start.startsWith("{\\rtf")) {
            return "rtf";
        }
        return start.startsWith("<") ? "html" : "text";
    }

    private static String text(byte[] bytes) {
        String s = new String(bytes, StandardCharsets.UTF_8);
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }
}
