package io.hetumind.nodes.files;

import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.PropertySpec;

/**
 * The descriptor of Spreadsheet File (v1, v2): n8n's parameter names. {@code fileFormat}, {@code binaryPropertyName}
 * and {@code options} are declared once per operation, each copy with its own default and children.
 */
final class SpreadsheetFileDescriptor {

    private SpreadsheetFileDescriptor() {}

    static NodeDescriptor build() {
        return NodeDescriptor.builder("hetumind.spreadsheetFile")
                .versions(1, 2)
                .displayName("Spreadsheet File")
                .description("Reads and writes data from a spreadsheet file like CSV, XLS, ODS, etc (legacy: use"
                        + " Extract From File and Convert to File)")
                .group(NodeGroup.DATA)
                .icon("table")
                .alias("n8n-nodes-base.spreadsheetFile")
                .property(PropertySpec.options("operation")
                        .displayName("Operation")
                        .option("fromFile", "Read From File", "Reads data from a spreadsheet file")
                        .option("toFile", "Write to File", "Writes the workflow data to a spreadsheet file")
                        .defaultValue("fromFile")
                        .noExpression())
                .property(PropertySpec.string("binaryPropertyName")
                        .displayName("Input Binary Field")
                        .defaultValue("data")
                        .required()
                        .description("The name of the input field containing the file data to be processed")
                        .showWhen("operation", "fromFile"))
                .property(readFormat())
                .property(readOptions())
                .property(PropertySpec.options("fileFormat")
                        .displayName("File Format")
                        .option("csv", "CSV", "Comma-separated values")
                        .option("html", "HTML", "HTML Table")
                        .option("ods", "ODS", "OpenDocument Spreadsheet")
                        .option("rtf", "RTF", "Rich Text Format")
                        .option("xls", "XLS", "Excel")
                        .option("xlsx", "XLSX", "Excel")
                        .defaultValue("xls")
                        .description("The format of the file to save the data as")
                        .showWhen("operation", "toFile"))
                .property(PropertySpec.string("binaryPropertyName")
                        .displayName("Put Output File in Field")
                        .defaultValue("data")
                        .required()
                        .description("The name of the output binary field to put the file in")
                        .showWhen("operation", "toFile"))
                .property(writeOptions())
                .build();
    }

    private static PropertySpec.Builder readFormat() {
        return PropertySpec.options("fileFormat")
                .displayName("File Format")
                .option("autodetect", "Autodetect", "CSV when the file is typed as CSV, else by its content")
                .option("csv", "CSV", "Comma-separated values")
                .option("html", "HTML", "HTML Table")
                .option("ods", "ODS", "OpenDocument Spreadsheet")
                .option("rtf", "RTF", "Rich Text Format")
                .option("xls", "XLS", "Excel")
                .option("xlsx", "XLSX", "Excel")
                .defaultValue("autodetect")
                .description("The format of the binary data to read from")
                .showWhen("operation", "fromFile")
                .showWhen(PropertySpec.VERSION, 2);
    }

    private static PropertySpec.Builder readOptions() {
        return PropertySpec.collection("options")
                .displayName("Options")
                .showWhen("operation", "fromFile")
                .child(csvOnly(PropertySpec.string("delimiter")
                        .displayName("Delimiter")
                        .defaultValue(",")))
                .child(csvOnly(PropertySpec.options("encoding")
                        .displayName("Encoding")
                        .option("ascii", "ASCII")
                        .option("latin1", "Latin1")
                        .option("ucs-2", "UCS-2")
                        .option("ucs2", "UCS2")
                        .option("utf-8", "UTF-8")
                        .option("utf16le", "UTF16LE")
                        .option("utf8", "UTF8")
                        .defaultValue("utf-8")))
                .child(csvOnly(PropertySpec.bool("enableBOM")
                        .displayName("Exclude Byte Order Mark (BOM)")
                        .description("Whether to detect and exclude the byte-order-mark from the CSV input")))
                .child(csvOnly(PropertySpec.bool("relaxQuotes")
                        .displayName("Preserve Quotes")
                        .description("Whether to keep unclosed quotes in CSV fields as part of the content")))
                .child(PropertySpec.bool("headerRow")
                        .displayName("Header Row")
                        .defaultValue(true)
                        .description("Whether the first row of the file contains the header names"))
                .child(PropertySpec.bool("includeEmptyCells")
                        .displayName("Include Empty Cells")
                        .description("Whether to include empty cells, filled with an empty string"))
                .child(csvOnly(PropertySpec.number("maxRowCount")
                        .displayName("Max Number of Rows to Load")
                        .defaultValue(-1)
                        .description("Stop after this many rows; -1 loads all")))
                .child(PropertySpec.string("range")
                        .displayName("Range")
                        .description("The range to read: a number is the starting row, text an A1-style range"))
                .child(PropertySpec.bool("rawData")
                        .displayName("RAW Data")
                        .description("Whether to return the cell text as it is instead of parsing it"))
                .child(PropertySpec.bool("readAsString")
                        .displayName("Read As String")
                        .description("Whether to read the file as text (text formats are read as UTF-8 here)"))
                .child(PropertySpec.string("sheetName")
                        .displayName("Sheet Name")
                        .defaultValue("Sheet")
                        .description("The sheet to read; when not set, the first one"))
                .child(csvOnly(PropertySpec.number("fromLine")
                        .displayName("Starting Line")
                        .defaultValue(0)
                        .description("Start handling records from this line number (from 0)")))
                .child(csvOnly(Csv.skipRecordsWithErrorsOption()));
    }

    /** Options n8n shows only when the file format is CSV, which v1 (no read format) never is. */
    private static PropertySpec.Builder csvOnly(PropertySpec.Builder child) {
        return child.showWhen("/fileFormat", "csv").showWhen(PropertySpec.VERSION, 2);
    }

    private static PropertySpec.Builder writeOptions() {
        return PropertySpec.collection("options")
                .displayName("Options")
                .showWhen("operation", "toFile")
                .child(PropertySpec.bool("compression")
                        .displayName("Compression")
                        .description("Whether compression will be applied or not")
                        .showWhen("/fileFormat", "xlsx", "ods"))
                .child(PropertySpec.string("fileName")
                        .displayName("File Name")
                        .description("File name to set in binary data; by default spreadsheet.<fileFormat>"))
                .child(PropertySpec.bool("headerRow")
                        .displayName("Header Row")
                        .defaultValue(true)
                        .description("Whether the first row of the file contains the header names"))
                .child(PropertySpec.string("sheetName")
                        .displayName("Sheet Name")
                        .defaultValue("Sheet")
                        .description("Name of the sheet to create in the spreadsheet")
                        .showWhen("/fileFormat", "ods", "xls", "xlsx"));
    }
}
