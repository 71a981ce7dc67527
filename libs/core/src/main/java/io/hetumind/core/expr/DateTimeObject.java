package io.hetumind.core.expr;

import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.time.temporal.IsoFields;
import java.util.Locale;
import org.mozilla.javascript.Scriptable;
import org.mozilla.javascript.ScriptableObject;

/**
 * A Luxon-like DateTime value: a zoned instant, or an invalid date with a reason (Luxon
 * returns invalid DateTimes instead of throwing). Read-only properties are computed here;
 * methods live on the shared prototype built by {@link DateTimeMethods}.
 */
final class DateTimeObject extends ScriptableObject {

    private final ZonedDateTime value;
    private final String invalidReason;

    DateTimeObject(ZonedDateTime value, String invalidReason, DateTimeSupport support) {
        this.value = value;
        this.invalidReason = invalidReason;
        setPrototype(support.prototype());
        setParentScope(support.global());
    }

    @Override
    public String getClassName() {
        return "DateTime";
    }

    boolean isValid() {
        return value != null;
    }

    ZonedDateTime value() {
        return value;
    }

    String invalidReason() {
        return invalidReason;
    }

    String toIso() {
        return LuxonFormat.iso(value);
    }

    double millis() {
        return value == null ? Double.NaN : value.toInstant().toEpochMilli();
    }

    @Override
    public Object get(String name, Scriptable start) {
        if ("isValid".equals(name)) {
            return value != null;
        }
        if ("invalidReason".equals(name)) {
            return invalidReason;
        }
        if (value == null) {
            return switch (name) {
                case "year",
                        "month",
                        "day",
                        "hour",
                        "minute",
                        "second",
                        "millisecond",
                        "weekday",
                        "weekNumber",
                        "quarter",
                        "offset",
                        "ordinal" -> Double.NaN;
                default -> super.get(name, start);
            };
        }
        Object property = property(name);
        return property != null ? property : super.get(name, start);
    }

    private Object property(String name) {
        ZonedDateTime v = value;
        return switch (name) {
            case "year" -> (double) v.getYear();
            case "month" -> (double) v.getMonthValue();
            case "day" -> (double) v.getDayOfMonth();
            case "hour" -> (double) v.getHour();
            case "minute" -> (double) v.getMinute();
            case "second" -> (double) v.getSecond();
            case "millisecond" -> (double) (v.getNano() / 1_000_000);
            case "weekday" -> (double) v.getDayOfWeek().getValue();
            case "weekdayShort" -> v.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.US);
            case "weekdayLong" -> v.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.US);
            case "monthShort" -> v.getMonth().getDisplayName(TextStyle.SHORT, Locale.US);
            case "monthLong" -> v.getMonth().getDisplayName(TextStyle.FULL, Locale.US);
            case "weekNumber" -> (double) v.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
            case "weekYear" -> (double) v.get(IsoFields.WEEK_BASED_YEAR);
            case "quarter" -> (double) v.get(IsoFields.QUARTER_OF_YEAR);
            case "ordinal" -> (double) v.getDayOfYear();
            case "daysInMonth" -> (double) v.toLocalDate().lengthOfMonth();
            case "daysInYear" -> (double) v.toLocalDate().lengthOfYear();
            case "isInLeapYear" -> v.toLocalDate().isLeapYear();
            case "isInDST" -> v.getZone().getRules().isDaylightSavings(v.toInstant());
            case "isOffsetFixed" -> v.getZone().getRules().isFixedOffset();
            case "zoneName" -> zoneName(v);
            case "offset" -> (double) (v.getOffset().getTotalSeconds() / 60);
            case "offsetNameShort" -> LuxonFormat.format(v, "ZZZZ");
            case "offsetNameLong" -> LuxonFormat.format(v, "ZZZZZ");
            case "locale" -> "en-US";
            case "ts" -> millis();
            default -> null;
        };
    }

    static String zoneName(ZonedDateTime v) {
        String id = v.getZone().getId();
        return "Z".equals(id) ? "UTC" : id;
    }
}
