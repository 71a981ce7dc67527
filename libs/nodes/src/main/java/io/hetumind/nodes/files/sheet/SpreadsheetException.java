package io.hetumind.nodes.files.sheet;

/** A file that cannot be read or written as the spreadsheet format asked for; the message says why. */
public final class SpreadsheetException extends RuntimeException {

    public SpreadsheetException(String message) {
        super(message);
    }

    public SpreadsheetException(String message, Throwable cause) {
        super(message, cause);
    }
}
