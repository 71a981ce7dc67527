package io.hetumind.core.expr;

import static io.hetumind.core.expr.Natives.define;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.mozilla.javascript.ScriptRuntime;
import org.mozilla.javascript.Scriptable;
import org.mozilla.javascript.ScriptableObject;
import org.mozilla.javascript.Undefined;

/** The static side of Luxon: {@code DateTime.now()}, {@code DateTime.fromISO()}, {@code Duration.fromObject()} … */
final class DateTimeStatics {

    private final DateTimeSupport support;

    DateTimeStatics(DateTimeSupport support) {
        this.support = support;
    }

    ScriptableObject dateTime() {
        ScriptableObject dt = support.newObject();
        define(dt, "now", 0, (cx, scope, self, args) -> support.of(DateTimeSupport.clockNow()));
        define(dt, "local", 7, (cx, scope, self, args) -> fromParts(args, null));
        define(dt, "utc", 7, (cx, scope, self, args) -> fromParts(args, ZoneId.of("UTC")));
        define(dt, "fromISO", 2, (cx, scope, self, args) -> fromIso(arg(args, 0), arg(args, 1)));
        define(dt, "fromSQL", 2, (cx, scope, self, args) -> fromIso(arg(args, 0), arg(args, 1)));
        define(dt, "fromRFC2822", 2, (cx, scope, self, args) -> fromRfc(arg(args, 0), arg(args, 1)));
        define(dt, "fromHTTP", 2, (cx, scope, self, args) -> fromRfc(arg(args, 0), arg(args, 1)));
        define(dt, "fromMillis", 2, (cx, scope, self, args) -> fromEpoch(arg(args, 0), 1, arg(args, 1)));
        define(dt, "fromSeconds", 2, (cx, scope, self, args) -> fromEpoch(arg(args, 0), 1000, arg(args, 1)));
        define(
                dt,
                "fromJSDate",
                2,
                (cx, scope, self, args) -> fromEpoch(ScriptRuntime.toNumber(arg(args, 0)), 1, arg(args, 1)));
        define(dt, "fromObject", 2, (cx, scope, self, args) -> fromObject(arg(args, 0), arg(args, 1)));
        define(dt, "fromFormat", 3, (cx, scope, self, args) -> fromFormat(args));
        define(dt, "isDateTime", 1, (cx, scope, self, args) -> arg(args, 0) instanceof DateTimeObject);
        define(dt, "invalid", 1, (cx, scope, self, args) -> support.invalid(ScriptRuntime.toString(arg(args, 0))));
        define(dt, "max", 0, (cx, scope, self, args) -> extreme(args, true));
        define(dt, "min", 0, (cx, scope, self, args) -> extreme(args, false));
        for (String preset : LuxonFormat.PRESETS) {
            dt.defineProperty(preset, preset, ScriptableObject.READONLY);
        }
        return dt;
    }

    ScriptableObject duration() {
        ScriptableObject duration = support.newObject();
        define(
                duration,
                "fromObject",
                1,
                (cx, scope, self, args) ->
                        support.duration(DateTimeSupport.unitMap(ScriptRuntime.toObject(cx, scope, arg(args, 0)))));
        define(
                duration,
                "fromMillis",
                1,
                (cx, scope, self, args) ->
                        support.duration(Map.of(TimeUnit.MILLISECONDS, ScriptRuntime.toNumber(arg(args, 0)))));
        define(
                duration,
                "fromISO",
                1,
                (cx, scope, self, args) -> fromIsoDuration(ScriptRuntime.toString(arg(args, 0))));
        return duration;
    }

    static Object arg(Object[] args, int index) {
        return index < args.length ? args[index] : Undefined.instance;
    }

    private DateTimeObject fromParts(Object[] args, ZoneId fixedZone) {
        if (args.length == 0) {
            ZonedDateTime now = DateTimeSupport.clockNow();
            return support.of(fixedZone == null ? now : now.withZoneSameInstant(fixedZone));
        }
        int[] parts = {0, 1, 1, 0, 0, 0, 0};
        for (int i = 0; i < Math.min(args.length, 7); i++) {
            if (args[i] instanceof Number n) {
                parts[i] = n.intValue();
            }
        }
        ZoneId zone = fixedZone != null ? fixedZone : DateTimeSupport.zoneOption(args[args.length - 1]);
        try {
            var local =
                    LocalDateTime.of(parts[0], parts[1], parts[2], parts[3], parts[4], parts[5], parts[6] * 1_000_000);
            return support.of(ZonedDateTime.of(local, zone == null ? DateTimeSupport.localZone() : zone));
        } catch (java.time.DateTimeException e) {
            return support.invalid("unit out of range: " + e.getMessage());
        }
    }

    DateTimeObject fromIso(Object text, Object options) {
        ZoneId zone = DateTimeSupport.zoneOption(options);
        if (zone == null) {
            return support.invalid("unsupported zone");
        }
        DateTimeParsing.Parsed parsed = DateTimeParsing.iso(ScriptRuntime.toString(text));
        if (parsed == null) {
            return support.invalid("the input \"" + ScriptRuntime.toString(text) + "\" can't be parsed as ISO 8601");
        }
        return support.of(DateTimeSupport.resolve(parsed, zone, DateTimeSupport.flag(options, "setZone")));
    }

    private DateTimeObject fromRfc(Object text, Object options) {
        ZonedDateTime parsed = DateTimeParsing.rfc(ScriptRuntime.toString(text));
        ZoneId zone = DateTimeSupport.zoneOption(options);
        if (parsed == null || zone == null) {
            return support.invalid("the input \"" + ScriptRuntime.toString(text) + "\" can't be parsed as RFC 2822");
        }
        return support.of(DateTimeSupport.flag(options, "setZone") ? parsed : parsed.withZoneSameInstant(zone));
    }

    private DateTimeObject fromEpoch(Object value, long factor, Object options) {
        double number = ScriptRuntime.toNumber(value);
        ZoneId zone = DateTimeSupport.zoneOption(options);
        if (Double.isNaN(number) || Double.isInfinite(number) || zone == null) {
            return support.invalid("invalid epoch value " + ScriptRuntime.toString(value));
        }
        return support.of(ZonedDateTime.ofInstant(Instant.ofEpochMilli(Math.round(number * factor)), zone));
    }

    private DateTimeObject fromObject(Object value, Object options) {
        if (!(value instanceof Scriptable object)) {
            return support.invalid("fromObject needs an object");
        }
        ZonedDateTime now = DateTimeSupport.clockNow();
        int year = intField(object, "year", now.getYear());
        boolean hasDate = ScriptableObject.hasProperty(object, "year")
                || ScriptableObject.hasProperty(object, "month")
                || ScriptableObject.hasProperty(object, "day");
        int month = intField(object, "month", hasDate ? 1 : now.getMonthValue());
        int day = intField(object, "day", hasDate ? 1 : now.getDayOfMonth());
        Object[] parts = {
            (double) year,
            (double) month,
            (double) day,
            (double) intField(object, "hour", 0),
            (double) intField(object, "minute", 0),
            (double) intField(object, "second", 0),
            (double) intField(object, "millisecond", 0),
            options == null ? Undefined.instance : options
        };
        return fromParts(parts, null);
    }

    private static int intField(Scriptable object, String name, int fallback) {
        Object value = ScriptableObject.getProperty(object, name);
        return value == Scriptable.NOT_FOUND || value instanceof Undefined ? fallback : ScriptRuntime.toInt32(value);
    }

    private DateTimeObject fromFormat(Object[] args) {
        String text = ScriptRuntime.toString(arg(args, 0));
        String format = ScriptRuntime.toString(arg(args, 1));
        ZoneId zone = DateTimeSupport.zoneOption(arg(args, 2));
        if (zone == null) {
            return support.invalid("unsupported zone");
        }
        try {
            ZonedDateTime parsed = DateTimeParsing.format(
                    text, format, zone, DateTimeSupport.clockNow().withZoneSameInstant(zone));
            return parsed == null
                    ? support.invalid("the input \"" + text + "\" can't be parsed as format " + format)
                    : support.of(parsed);
        } catch (IllegalArgumentException e) {
            throw ScriptRuntime.rangeError("Invalid format \"" + format + "\": " + e.getMessage());
        }
    }

    private Object extreme(Object[] args, boolean max) {
        DateTimeObject best = null;
        for (Object arg : args) {
            if (arg instanceof DateTimeObject dt && dt.isValid()) {
                if (best == null || (max ? dt.millis() > best.millis() : dt.millis() < best.millis())) {
                    best = dt;
                }
            }
        }
        return best == null ? Undefined.instance : best;
    }

    private DurationObject fromIsoDuration(String text) {
        String upper = text.strip().toUpperCase(Locale.ROOT);
        var values = new EnumMap<TimeUnit, Double>(TimeUnit.class);
        try {
            int t = upper.indexOf('T');
            String datePart = t < 0 ? upper : upper.substring(0, t);
            if (datePart.length() > 1) {
                Period period = Period.parse(datePart);
                put(values, TimeUnit.YEARS, period.getYears());
                put(values, TimeUnit.MONTHS, period.getMonths());
                put(values, TimeUnit.DAYS, period.getDays());
            }
            if (t >= 0) {
                Duration time = Duration.parse("P" + upper.substring(t));
                put(values, TimeUnit.HOURS, time.toHoursPart() + time.toDaysPart() * 24);
                put(values, TimeUnit.MINUTES, time.toMinutesPart());
                put(values, TimeUnit.SECONDS, time.toSecondsPart());
                put(values, TimeUnit.MILLISECONDS, time.toMillisPart());
            }
        } catch (java.time.format.DateTimeParseException e) {
            throw ScriptRuntime.rangeError("Invalid ISO duration: " + text);
        }
        return support.duration(values);
    }

    private static void put(Map<TimeUnit, Double> values, TimeUnit unit, long amount) {
        if (amount != 0) {
            values.put(unit, (double) amount);
        }
    }
}
