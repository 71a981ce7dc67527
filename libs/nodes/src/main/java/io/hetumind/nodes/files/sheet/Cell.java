package io.hetumind.nodes.files.sheet;

import io.hetumind.nodes.internal.Js;

/**
 * One spreadsheet cell as SheetJS models it: a typed value ({@link String}, {@link Double}, {@link Boolean}, or
 * {@link #NULL_ERROR} for an {@code #NULL!} error) and the text a reader showed for it, when it had one.
 */
public record Cell(Object value, String text) {

    /** The {@code #NULL!} error, which SheetJS reads as JSON null (other errors read as missing). */
    public static final Object NULL_ERROR = new Object() {
        @Override
        public String toString() {
            return "#NULL!";
        }
    };

    public static Cell of(Object value) {
        return new Cell(value, null);
    }

    /** The formatted text of the cell, as SheetJS's {@code format_cell} gives it for General-formatted values. */
    public String display() {
        if (text != null) {
            return text;
        }
        return switch (value) {
            case Double d -> Js.numberToString(d);
            case Boolean b -> b ? "TRUE" : "FALSE";
            case String s -> s;
            default -> value == NULL_ERROR ? "#NULL!" : "";
        };
    }
}
