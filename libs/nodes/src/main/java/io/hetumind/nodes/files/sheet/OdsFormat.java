package io.hetumind.nodes.files.sheet;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/** OpenDocument spreadsheets (.ods): a zip with {@code content.xml}, written and read here without a library. */
final class OdsFormat {

    static final String MIME = "application/vnd.oasis.opendocument.spreadsheet";
    private static final String TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0";
    private static final String OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0";
    private static final String TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0";
    private static final long MAX_CONTENT = 100L << 20;

    private OdsFormat() {}

    static byte[] write(Sheet sheet, boolean compression) {
        StringBuilder x = new StringBuilder(
                        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<office:document-content"
                                + " xmlns:office=\"" + OFFICE + "\" xmlns:table=\"" + TABLE + "\" xmlns:text=\"" + TEXT
                                + "\" office:version=\"1.2\"><office:body><office:spreadsheet><table:table table:name=\"")
                .append(Xml.escape(sheet.name()))
                .append("\">");
        int[] r = sheet.range();
        if (r != null) {
            for (int row = 0; row <= r[2]; row++) {
                x.append("<table:table-row>");
                for (int col = 0; col <= r[3]; col++) {
                    Cell cell = sheet.get(row, col);
                    if (cell == null) {
                        x.append("<table:table-cell/>");
                        continue;
                    }
                    String text = Xml.escape(cell.display());
                    switch (cell.value()) {
                        case Double d ->
                            x.append("<table:table-cell office:value-type=\"float\" office:value=\"")
                                    .append(io.hetumind.nodes.internal.Js.numberToString(d))
                                    .append("\">");
                        case Boolean b ->
                            x.append("<table:table-cell office:value-type=\"boolean\" office:boolean-value=\"")
                                    .append(b)
                                    .append("\">");
                        default -> x.append("<table:table-cell office:value-type=\"string\">");
                    }
                    for (String line : text.split("\n", -1)) {
                        x.append("<text:p>").append(line).append("</text:p>");
                    }
                    x.append("</table:table-cell>");
                }
                x.append("</table:table-row>");
            }
        }
        x.append("</table:table></office:spreadsheet></office:body></office:document-content>");
        String manifest =
                """
                <?xml version="1.0" encoding="UTF-8"?>
                <manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
                 <manifest:file-entry manifest:full-path="/" manifest:version="1.2" manifest:media-type="%s"/>
                 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
                </manifest:manifest>
                """
                        .formatted(MIME);
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                ZipOutputStream zip = new ZipOutputStream(bytes)) {
            // the mimetype entry comes first and uncompressed, so tools can sniff the format
            stored(zip, "mimetype", MIME.getBytes(StandardCharsets.US_ASCII));
            entry(zip, "content.xml", x.toString().getBytes(StandardCharsets.UTF_8), compression);
            entry(zip, "META-INF/manifest.xml", manifest.getBytes(StandardCharsets.UTF_8), compression);
            zip.finish();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new SpreadsheetException("could not write the ODS file: " + e.getMessage(), e);
        }
    }

    private static void entry(ZipOutputStream zip, String name, byte[] data, boolean compression) throws IOException {
        if (!compression) {
            stored(zip, name, data);
            return;
        }
        zip.putNextEntry(new ZipEntry(name));
        zip.write(data);
        zip.closeEntry();
    }

    private static void stored(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(data.length);
        e.setCompressedSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        e.setCrc(crc.getValue());
        zip.putNextEntry(e);
        zip.write(data);
        zip.closeEntry();
    }

    static List<Sheet> read(byte[] bytes) {
        byte[] content = null;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                if (e.getName().equals("content.xml")) {
                    content = bounded(zip, bytes.length);
                }
            }
        } catch (IOException e) {
            throw new SpreadsheetException("the file is not a readable ODS zip: " + e.getMessage(), e);
        }
        if (content == null) {
            throw new SpreadsheetException("the file is not an ODS spreadsheet (no content.xml)");
        }
        try {
            return parse(content);
        } catch (XMLStreamException | RuntimeException e) {
            if (e instanceof SpreadsheetException se) {
                throw se;
            }
            throw new SpreadsheetException("the ODS content is not valid: " + e.getMessage(), e);
        }
    }

    /** The entry's bytes, refused past 100 MiB or past 100 times the whole file once over 1 MiB (a zip bomb). */
    private static byte[] bounded(InputStream in, long fileSize) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        long total = 0;
        for (int n; (n = in.read(buf)) > 0; ) {
            total += n;
            if (total > MAX_CONTENT || (total > (1 << 20) && total > fileSize * 100)) {
                throw new SpreadsheetException("the ODS file expands too far when unpacked (a zip bomb?); refused");
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    private static List<Sheet> parse(byte[] content) throws XMLStreamException {
        XMLStreamReader x = Xml.reader(content);
        List<Sheet> sheets = new ArrayList<>();
        Sheet sheet = null;
        int row = -1;
        int col = 0;
        int rowRepeat = 1;
        int depthInCell = 0;
        String type = null;
        String value = null;
        int colRepeat = 1;
        StringBuilder text = null;
        int paragraphs = 0;
        while (x.hasNext()) {
            int ev = x.next();
            if (ev == XMLStreamConstants.START_ELEMENT) {
                String ns = x.getNamespaceURI();
                String name = x.getLocalName();
                if (TABLE.equals(ns) && name.equals("table")) {
                    sheet = new Sheet(attr(x, TABLE, "name", "Sheet" + (sheets.size() + 1)));
                    sheets.add(sheet);
                    row = -1;
                    rowRepeat = 1;
                } else if (sheet != null && TABLE.equals(ns) && name.equals("table-row")) {
                    row += rowRepeat;
                    rowRepeat = repeat(x, "number-rows-repeated");
                    col = 0;
                } else if (sheet != null
                        && TABLE.equals(ns)
                        && (name.equals("table-cell") || name.equals("covered-table-cell"))) {
                    colRepeat = repeat(x, "number-columns-repeated");
                    type = x.getAttributeValue(OFFICE, "value-type");
                    value = value(x, type);
                    text = new StringBuilder();
                    paragraphs = 0;
                    depthInCell = 1;
                } else if (depthInCell > 0) {
                    depthInCell++;
                    if (TEXT.equals(ns) && name.equals("p")) {
                        if (paragraphs++ > 0) {
                            text.append('\n');
                        }
                    } else if (TEXT.equals(ns) && name.equals("s")) {
                        text.append(" ".repeat(Math.min(repeatOf(x.getAttributeValue(TEXT, "c")), 1000)));
                    } else if (TEXT.equals(ns) && name.equals("tab")) {
                        text.append('\t');
                    } else if (TEXT.equals(ns) && name.equals("line-break")) {
                        text.append('\n');
                    }
                }
            } else if (ev == XMLStreamConstants.CHARACTERS || ev == XMLStreamConstants.CDATA) {
                if (depthInCell > 1) {
                    text.append(x.getText());
                }
            } else if (ev == XMLStreamConstants.END_ELEMENT) {
                if (depthInCell > 1) {
                    depthInCell--;
                } else if (depthInCell == 1) {
                    depthInCell = 0;
                    Cell cell = cell(type, value, text.toString());
                    if (cell != null) {
                        for (int rr = 0; rr < rowRepeat; rr++) {
                            for (int cc = 0; cc < colRepeat; cc++) {
                                sheet.put(row + rr, col + cc, cell);
                            }
                        }
                    }
                    col += colRepeat;
                }
            }
        }
        return sheets;
    }

    private static Cell cell(String type, String value, String text) {
        if (type == null) {
            return text.isEmpty() ? null : Cell.of(text);
        }
        return switch (type) {
            case "float", "percentage", "currency" ->
                value == null ? Cell.of(text) : new Cell(Double.parseDouble(value), text);
            case "boolean" -> new Cell(Boolean.parseBoolean(value), text);
            case "date" -> value == null ? Cell.of(text) : new Cell(dateSerial(value), text);
            case "time" ->
                value == null ? Cell.of(text) : new Cell(Duration.parse(value).toMillis() / 86_400_000.0, text);
            default -> Cell.of(text);
        };
    }

    private static String value(XMLStreamReader x, String type) {
        if (type == null) {
            return null;
        }
        return switch (type) {
            case "boolean" -> x.getAttributeValue(OFFICE, "boolean-value");
            case "date" -> x.getAttributeValue(OFFICE, "date-value");
            case "time" -> x.getAttributeValue(OFFICE, "time-value");
            default -> x.getAttributeValue(OFFICE, "value");
        };
    }

    private static double dateSerial(String v) {
        LocalDateTime t = v.length() <= 10
                ? LocalDate.parse(v).atStartOfDay()
                : LocalDateTime.parse(v.endsWith("Z") ? v.substring(0, v.length() - 1) : v);
        return CellText.serial(t);
    }

    private static String attr(XMLStreamReader x, String ns, String name, String fallback) {
        String v = x.getAttributeValue(ns, name);
        return v == null ? fallback : v;
    }

    private static int repeat(XMLStreamReader x, String name) {
        return repeatOf(x.getAttributeValue(TABLE, name));
    }

    private static int repeatOf(String v) {
        try {
            return v == null ? 1 : Math.max(1, Math.min(Integer.parseInt(v.strip()), 1_048_576));
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
