package io.hetumind.nodes.files.sheet;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.openxml4j.util.ZipSecureFile;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.FormulaError;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/** xls (BIFF8) and xlsx through Apache POI, with zip-bomb limits on what it unpacks. */
final class PoiFormat {

    static {
        // refuse entries that inflate more than 100× or past 100 MiB (POI checks while it reads)
        ZipSecureFile.setMinInflateRatio(0.01);
        ZipSecureFile.setMaxEntrySize(100L << 20);
        ZipSecureFile.setMaxTextSize(50L << 20);
    }

    private PoiFormat() {}

    static byte[] write(Sheet sheet, boolean xlsx) {
        try (Workbook wb = xlsx ? new XSSFWorkbook() : new HSSFWorkbook();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            org.apache.poi.ss.usermodel.Sheet ws = wb.createSheet(sheet.name());
            int maxRow = xlsx ? 1_048_575 : 65_535;
            int maxCol = xlsx ? 16_383 : 255;
            for (var row : sheet.rows().entrySet()) {
                if (row.getKey() > maxRow
                        || (!row.getValue().isEmpty() && row.getValue().lastKey() > maxCol)) {
                    throw new SpreadsheetException(
                            "the data has more rows or columns than an " + (xlsx ? "xlsx" : "xls") + " sheet holds ("
                                    + (maxRow + 1) + " rows, " + (maxCol + 1) + " columns)");
                }
                Row r = ws.createRow(row.getKey());
                for (var cell : row.getValue().entrySet()) {
                    var c = r.createCell(cell.getKey());
                    switch (cell.getValue().value()) {
                        case Double d -> c.setCellValue(d);
                        case Boolean b -> c.setCellValue(b);
                        default -> c.setCellValue(cell.getValue().display());
                    }
                }
            }
            wb.write(out);
            return out.toByteArray();
        } catch (IllegalArgumentException e) {
            throw new SpreadsheetException(e.getMessage(), e);
        } catch (IOException e) {
            throw new SpreadsheetException("could not write the spreadsheet: " + e.getMessage(), e);
        }
    }

    static List<Sheet> read(byte[] bytes) {
        DataFormatter formatter = new DataFormatter(java.util.Locale.US);
        try (Workbook wb = WorkbookFactory.create(new ByteArrayInputStream(bytes))) {
            List<Sheet> sheets = new ArrayList<>();
            for (org.apache.poi.ss.usermodel.Sheet ws : wb) {
                Sheet sheet = new Sheet(ws.getSheetName());
                for (Row row : ws) {
                    for (org.apache.poi.ss.usermodel.Cell c : row) {
                        Cell cell = cell(c, formatter);
                        if (cell != null) {
                            sheet.put(row.getRowNum(), c.getColumnIndex(), cell);
                        }
                    }
                }
                sheets.add(sheet);
            }
            return sheets;
        } catch (IOException | RuntimeException e) {
            if (e instanceof SpreadsheetException se) {
                throw se;
            }
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new SpreadsheetException("the file could not be read: " + message, e);
        }
    }

    private static Cell cell(org.apache.poi.ss.usermodel.Cell c, DataFormatter formatter) {
        CellType type = c.getCellType() == CellType.FORMULA ? c.getCachedFormulaResultType() : c.getCellType();
        return switch (type) {
            case NUMERIC ->
                new Cell(
                        c.getNumericCellValue(),
                        c.getCellType() == CellType.FORMULA ? null : formatter.formatCellValue(c));
            case STRING -> Cell.of(c.getStringCellValue());
            case BOOLEAN -> Cell.of(c.getBooleanCellValue());
            case ERROR -> c.getErrorCellValue() == FormulaError.NULL.getCode() ? Cell.of(Cell.NULL_ERROR) : null;
            default -> null;
        };
    }
}
