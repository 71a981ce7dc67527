package io.hetumind.nodes.files.sheet;

import io.hetumind.nodes.internal.Js;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed values from the text of a cell in the text formats (HTML, RTF, CSV read by SheetJS): {@code TRUE} and
 * {@code FALSE}, numbers as SheetJS's {@code fuzzynum} reads them ({@code 1,234}, {@code $5}, {@code 12%},
 * {@code (3)}), and ISO or US dates as Excel date serials.
 */
public final class CellText {

    private static final Pattern THOUSANDS = Pattern.compile("(\\d),(\\d)");
    private static final Pattern ISO_DATE =
            Pattern.compile("(\\d{4})-(\\d{1,2})-(\\d{1,2})(?:[T ](\\d{1,2}):(\\d{2})(?::(\\d{2})(?:\\.\\d+)?)?)?Z?");
    private static final Pattern US_DATE = Pattern.compile("(\\d{1,2})/(\\d{1,2})/(\\d{4})");
    private static final LocalDateTime EPOCH = LocalDateTime.of(1899, 12, 30, 0, 0);

    private CellText() {}

    /** The cell for {@code text}: a string when {@code raw}, blank or typed {@code s}, else the typed value. */
    public static Cell parse(String text, boolean raw, String declaredType) {
        if (raw || text.isBlank() || "s".equals(declaredType)) {
            return Cell.of(text);
        }
        if (text.equals("TRUE")) {
            return new Cell(Boolean.TRUE, text);
        }
        if (text.equals("FALSE")) {
            return new Cell(Boolean.FALSE, text);
        }
        double n = fuzzyNumber(text);
        if (!Double.isNaN(n)) {
            return new Cell(n, text);
        }
        Double serial = dateSerial(text.strip());
        return serial == null ? Cell.of(text) : new Cell(serial, text);
    }

    /** SheetJS's {@code fuzzynum}: JavaScript's {@code Number}, then without thousands commas, {@code $}, {@code %}, parentheses. */
    public static double fuzzyNumber(String s) {
        double v = Js.toNumber(s);
        if (!Double.isNaN(v)) {
            return Double.isInfinite(v) ? Double.NaN : v;
        }
        if (!s.chars().anyMatch(Character::isDigit)) {
            return Double.NaN;
        }
        double weight = 1;
        String ss = s;
        for (Matcher m = THOUSANDS.matcher(ss); m.find(); m = THOUSANDS.matcher(ss)) {
            ss = m.replaceAll("$1$2");
        }
        ss = ss.replace("$", "");
        int percents = ss.length() - ss.replace("%", "").length();
        ss = ss.replace("%", "");
        weight *= Math.pow(100, percents);
        v = Js.toNumber(ss);
        if (!Double.isNaN(v)) {
            return v / weight;
        }
        int open = ss.indexOf('(');
        int close = ss.lastIndexOf(')');
        if (open >= 0 && close > open) {
            ss = ss.substring(0, open) + ss.substring(open + 1, close) + ss.substring(close + 1);
            v = Js.toNumber(ss);
            if (!Double.isNaN(v)) {
                return v / -weight;
            }
        }
        return Double.NaN;
    }

    /** The Excel (1900 system) serial of an ISO {@code yyyy-mm-dd[Thh:mm[:ss]]} or US {@code m/d/yyyy} date, or null. */
    static Double dateSerial(String s) {
        try {
            Matcher iso = ISO_DATE.matcher(s);
            if (iso.matches()) {
                LocalDate d = LocalDate.of(
                        Integer.parseInt(iso.group(1)), Integer.parseInt(iso.group(2)), Integer.parseInt(iso.group(3)));
                LocalTime t = iso.group(4) == null
                        ? LocalTime.MIDNIGHT
                        : LocalTime.of(
                                Integer.parseInt(iso.group(4)),
                                Integer.parseInt(iso.group(5)),
                                iso.group(6) == null ? 0 : Integer.parseInt(iso.group(6)));
                return serial(LocalDateTime.of(d, t));
            }
            Matcher us = US_DATE.matcher(s);
            if (us.matches()) {
                return serial(LocalDate.of(
                                Integer.parseInt(us.group(3)),
                                Integer.parseInt(us.group(1)),
                                Integer.parseInt(us.group(2)))
                        .atStartOfDay());
            }
        } catch (java.time.DateTimeException e) {
            return null;
        }
        return null;
    }

    /** Days since 1899-12-30 with the time of day as the fraction, as Excel stores a date. */
    public static double serial(LocalDateTime t) {
        return EPOCH.until(t, ChronoUnit.MILLIS) / 86_400_000.0;
    }
}
