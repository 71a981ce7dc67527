package io.hetumind.nodes.files;

import io.hetumind.core.model.Node;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeParameters;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.nodes.files.sheet.Spreadsheets;
import io.hetumind.nodes.internal.PerItem;

/**
 * Spreadsheet File (n8n's legacy node, v1 and v2): read a spreadsheet file's rows as items, or write all items to
 * one file. v2 is the code Extract From File and Convert to File run ({@link SpreadsheetIo}); v1 reads every file,
 * CSV included, as SheetJS does (typed values, no CSV options) and reports read errors as they are.
 */
public final class SpreadsheetFileNode implements NodeType {

    private static final NodeDescriptor DESCRIPTOR = SpreadsheetFileDescriptor.build();

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public NodeResult execute(NodeContext ctx) {
        String operation = ctx.param("operation", 0, String.class, "fromFile");
        boolean legacy = ctx.node().typeVersion() < 2;
        return switch (operation) {
            case "fromFile" ->
                PerItem.map(ctx, (i, item) -> SpreadsheetIo.fromFile(ctx, i, item, readFormat(ctx, i, legacy), legacy));
            case "toFile" -> SpreadsheetIo.toFile(ctx, writeFormat(ctx), "spreadsheet");
            default -> throw NodeException.user("The operation \"" + operation + "\" is not supported!");
        };
    }

    private static String readFormat(NodeParameters ctx, int i, boolean legacy) {
        if (legacy) {
            return "autodetect";
        }
        // fileFormat is declared twice (read and write, with their own defaults): read the value as written
        String format =
                ctx.rawParam("fileFormat") == null ? "autodetect" : ctx.param("fileFormat", i, String.class, "");
        if (!format.equals("autodetect") && !format.equals("csv") && !Spreadsheets.FORMATS.contains(format)) {
            throw NodeException.user(
                    "parameter 'fileFormat': '" + format
                            + "' is not a format to read (autodetect, csv, html, ods, rtf, xls, xlsx) [item " + i + "]",
                    i);
        }
        return format;
    }

    private static String writeFormat(NodeParameters ctx) {
        String format = ctx.rawParam("fileFormat") == null ? "xls" : ctx.param("fileFormat", 0, String.class, "");
        if (!format.equals("csv") && !Spreadsheets.FORMATS.contains(format)) {
            throw NodeException.user("parameter 'fileFormat': '" + format
                    + "' is not a format to write (csv, html, ods, rtf, xls, xlsx)");
        }
        return format;
    }

    @Override
    public boolean replaySafe(Node node) {
        // what it writes goes to the execution's own binary store
        return true;
    }
}
