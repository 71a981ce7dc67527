package io.hetumind.core.expr;

import static io.hetumind.core.expr.DateTimeStatics.arg;
import static io.hetumind.core.expr.Natives.define;

import java.time.DayOfWeek;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.mozilla.javascript.NativeArray;
import org.mozilla.javascript.ScriptRuntime;
import org.mozilla.javascript.Scriptable;
import org.mozilla.javascript.ScriptableObject;
import org.mozilla.javascript.Undefined;

/** The instance methods of {@code DateTime} and {@code Duration} (Luxon names, plus n8n's extras). */
final class DateTimeMethods {

    private final DateTimeSupport support;

    DateTimeMethods(DateTimeSupport support) {
        this.support = support;
    }

    void install(ScriptableObject proto, ScriptableObject durationProto) {
        text(proto, "toISO", (v, args) -> iso(v, arg(args, 0)));
        text(proto, "toISODate", (v, args) -> LuxonFormat.isoDate(v));
        text(proto, "toISOTime", (v, args) -> LuxonFormat.isoTime(v));
        text(proto, "toISOWeekDate", (v, args) -> LuxonFormat.format(v, "kkkk-'W'WW-c"));
        text(proto, "toSQLDate", (v, args) -> LuxonFormat.isoDate(v));
        text(proto, "toSQL", (v, args) -> LuxonFormat.format(v, "yyyy-MM-dd HH:mm:ss.SSS ZZ"));
        text(
                proto,
                "toHTTP",
                (v, args) -> DateTimeFormatter.RFC_1123_DATE_TIME.format(v.withZoneSameInstant(ZoneId.of("GMT"))));
        text(proto, "toRFC2822", (v, args) -> LuxonFormat.format(v, "EEE, d MMM yyyy HH:mm:ss ZZZ"));
        text(proto, "toJSON", (v, args) -> LuxonFormat.iso(v));
        text(proto, "toString", (v, args) -> LuxonFormat.iso(v));
        text(proto, "toFormat", (v, args) -> LuxonFormat.format(v, ScriptRuntime.toString(arg(args, 0))));
        text(proto, "format", (v, args) -> LuxonFormat.format(v, ScriptRuntime.toString(arg(args, 0))));
        text(proto, "toLocaleString", (v, args) -> LuxonFormat.format(v, LuxonFormat.preset(presetName(arg(args, 0)))));
        text(proto, "toRelative", (v, args) -> relative(v));
        number(proto, "toMillis", v -> (double) v.toInstant().toEpochMilli());
        number(proto, "valueOf", v -> (double) v.toInstant().toEpochMilli());
        number(proto, "toSeconds", v -> v.toInstant().toEpochMilli() / 1000.0);
        number(proto, "toUnixInteger", v -> (double) v.toEpochSecond());
        define(
                proto,
                "toJSDate",
                0,
                (cx, scope, self, args) -> cx.newObject(
                        support.global(), "Date", new Object[] {self(self).millis()}));
        define(proto, "toObject", 0, (cx, scope, self, args) -> toObject(valid(self)));
        define(proto, "toDateTime", 0, (cx, scope, self, args) -> self(self));

        dateTime(proto, "plus", (v, args) -> add(v, args, 1));
        dateTime(proto, "minus", (v, args) -> add(v, args, -1));
        dateTime(proto, "startOf", (v, args) -> startOf(v, TimeUnit.parse(arg(args, 0))));
        dateTime(proto, "beginningOf", (v, args) -> startOf(v, TimeUnit.parse(arg(args, 0))));
        dateTime(proto, "endOf", (v, args) -> endOf(v, TimeUnit.parse(arg(args, 0))));
        dateTime(proto, "endOfMonth", (v, args) -> endOf(v, TimeUnit.MONTHS));
        dateTime(proto, "set", (v, args) -> set(v, ScriptRuntime.toObject(support.global(), arg(args, 0))));
        dateTime(proto, "toUTC", (v, args) -> v.withZoneSameInstant(ZoneId.of("UTC")));
        dateTime(proto, "toLocal", (v, args) -> v.withZoneSameInstant(DateTimeSupport.localZone()));
        define(proto, "setZone", 2, (cx, scope, self, args) -> setZone(self(self), args));
        define(
                proto,
                "diff",
                2,
                (cx, scope, self, args) -> diff(valid(self), support.toZoned(arg(args, 0)), arg(args, 1)));
        define(
                proto,
                "diffNow",
                1,
                (cx, scope, self, args) -> diff(valid(self), DateTimeSupport.clockNow(), arg(args, 0)));
        define(
                proto,
                "equals",
                1,
                (cx, scope, self, args) -> arg(args, 0) instanceof DateTimeObject other
                        && self(self).isValid()
                        && other.isValid()
                        && self(self).value().equals(other.value()));
        define(proto, "hasSame", 2, (cx, scope, self, args) -> {
            ZonedDateTime other = support.toZoned(arg(args, 0));
            TimeUnit unit = TimeUnit.parse(arg(args, 1));
            return other != null
                    && startOf(valid(self), unit)
                            .toLocalDateTime()
                            .equals(startOf(other, unit).toLocalDateTime());
        });
        define(proto, "isBetween", 2, (cx, scope, self, args) -> {
            ZonedDateTime a = support.toZoned(arg(args, 0));
            ZonedDateTime b = support.toZoned(arg(args, 1));
            ZonedDateTime v = valid(self);
            return a != null && b != null && v.isAfter(a.isBefore(b) ? a : b) && v.isBefore(a.isBefore(b) ? b : a);
        });
        define(
                proto,
                "isWeekend",
                0,
                (cx, scope, self, args) -> valid(self).getDayOfWeek().getValue() >= 6);
        define(proto, "extract", 1, (cx, scope, self, args) -> extract(valid(self), arg(args, 0)));

        define(durationProto, "as", 1, (cx, scope, self, args) -> duration(self).as(TimeUnit.parse(arg(args, 0))));
        define(durationProto, "get", 1, (cx, scope, self, args) -> duration(self)
                .values()
                .getOrDefault(TimeUnit.parse(arg(args, 0)), 0.0));
        define(durationProto, "toMillis", 0, (cx, scope, self, args) -> duration(self)
                .toMillis());
        define(durationProto, "valueOf", 0, (cx, scope, self, args) -> duration(self)
                .toMillis());
        define(durationProto, "toObject", 0, (cx, scope, self, args) -> duration(self)
                .toObject(support));
        define(durationProto, "toISO", 0, (cx, scope, self, args) -> duration(self)
                .toIso());
        define(durationProto, "toJSON", 0, (cx, scope, self, args) -> duration(self)
                .toIso());
        define(durationProto, "toString", 0, (cx, scope, self, args) -> duration(self)
                .toIso());
        define(durationProto, "toHuman", 0, (cx, scope, self, args) -> duration(self)
                .toHuman());
        define(durationProto, "shiftTo", 1, (cx, scope, self, args) -> {
            List<TimeUnit> units = new ArrayList<>();
            for (Object unit : args) {
                units.add(TimeUnit.parse(unit));
            }
            return support.duration(duration(self).shiftTo(units.toArray(TimeUnit[]::new)));
        });
        define(durationProto, "negate", 0, (cx, scope, self, args) -> {
            var negated = new EnumMap<TimeUnit, Double>(TimeUnit.class);
            duration(self).values().forEach((u, a) -> negated.put(u, -a));
            return support.duration(negated);
        });
    }

    private void text(ScriptableObject proto, String name, BiFunction<ZonedDateTime, Object[], String> body) {
        define(proto, name, 1, (cx, scope, self, args) -> {
            DateTimeObject dt = self(self);
            if (!dt.isValid()) {
                return name.startsWith("toISO") || name.startsWith("toSQL") ? null : "Invalid DateTime";
            }
            return body.apply(dt.value(), args);
        });
    }

    private void number(ScriptableObject proto, String name, Function<ZonedDateTime, Double> body) {
        define(proto, name, 0, (cx, scope, self, args) -> {
            DateTimeObject dt = self(self);
            return dt.isValid() ? body.apply(dt.value()) : Double.NaN;
        });
    }

    private void dateTime(
            ScriptableObject proto, String name, BiFunction<ZonedDateTime, Object[], ZonedDateTime> body) {
        define(proto, name, 2, (cx, scope, self, args) -> {
            DateTimeObject dt = self(self);
            return dt.isValid() ? support.of(body.apply(dt.value(), args)) : dt;
        });
    }

    private static DateTimeObject self(Scriptable self) {
        if (self instanceof DateTimeObject dt) {
            return dt;
        }
        throw ScriptRuntime.typeError("not a DateTime");
    }

    private static ZonedDateTime valid(Scriptable self) {
        DateTimeObject dt = self(self);
        if (!dt.isValid()) {
            throw ScriptRuntime.rangeError("Invalid DateTime: " + dt.invalidReason());
        }
        return dt.value();
    }

    private static DurationObject duration(Scriptable self) {
        if (self instanceof DurationObject d) {
            return d;
        }
        throw ScriptRuntime.typeError("not a Duration");
    }

    private static String iso(ZonedDateTime v, Object options) {
        String iso = LuxonFormat.iso(v);
        if (DateTimeSupport.flag(options, "suppressMilliseconds") && v.getNano() / 1_000_000 == 0) {
            iso = iso.replace(".000", "");
        }
        if (options instanceof Scriptable s && Boolean.FALSE.equals(ScriptableObject.getProperty(s, "includeOffset"))) {
            iso = iso.substring(0, iso.length() - LuxonFormat.offset(v).length());
        }
        return iso;
    }

    private static String presetName(Object preset) {
        return preset instanceof CharSequence s ? s.toString() : "DATE_SHORT";
    }

    /** {@code plus({days: 1})}, {@code plus(Duration)}, {@code plus(1000)} (ms), n8n's {@code plus(1, 'day')}. */
    private static ZonedDateTime add(ZonedDateTime value, Object[] args, int sign) {
        Object amount = arg(args, 0);
        Map<TimeUnit, Double> units;
        if (amount instanceof Number n) {
            TimeUnit unit = args.length > 1 ? TimeUnit.parse(args[1]) : TimeUnit.MILLISECONDS;
            units = Map.of(unit, n.doubleValue());
        } else if (amount instanceof Scriptable object) {
            units = DateTimeSupport.unitMap(object);
        } else {
            throw ScriptRuntime.typeError("plus/minus needs a duration object or a number and a unit");
        }
        ZonedDateTime result = value;
        for (TimeUnit unit : TimeUnit.values()) {
            Double a = units.get(unit);
            if (a != null && a != 0) {
                result = unit.add(result, sign * a);
            }
        }
        return result;
    }

    static ZonedDateTime startOf(ZonedDateTime v, TimeUnit unit) {
        return switch (unit) {
            case YEARS -> v.withDayOfYear(1).truncatedTo(ChronoUnit.DAYS);
            case QUARTERS ->
                v.withDayOfMonth(1)
                        .withMonth((v.get(IsoFields.QUARTER_OF_YEAR) - 1) * 3 + 1)
                        .truncatedTo(ChronoUnit.DAYS);
            case MONTHS -> v.withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS);
            case WEEKS ->
                v.with(ChronoField.DAY_OF_WEEK, DayOfWeek.MONDAY.getValue()).truncatedTo(ChronoUnit.DAYS);
            case DAYS -> v.truncatedTo(ChronoUnit.DAYS);
            case HOURS -> v.truncatedTo(ChronoUnit.HOURS);
            case MINUTES -> v.truncatedTo(ChronoUnit.MINUTES);
            case SECONDS -> v.truncatedTo(ChronoUnit.SECONDS);
            case MILLISECONDS -> v.truncatedTo(ChronoUnit.MILLIS);
        };
    }

    private static ZonedDateTime endOf(ZonedDateTime v, TimeUnit unit) {
        return unit.add(startOf(v, unit), 1).minus(1, ChronoUnit.MILLIS);
    }

    private static ZonedDateTime set(ZonedDateTime v, Scriptable values) {
        ZonedDateTime result = v;
        for (Object id : values.getIds()) {
            int amount = ScriptRuntime.toInt32(ScriptableObject.getProperty(values, id.toString()));
            result = switch (id.toString()) {
                case "year" -> result.withYear(amount);
                case "month" -> result.withMonth(amount);
                case "day" -> result.withDayOfMonth(amount);
                case "ordinal" -> result.withDayOfYear(amount);
                case "weekday" -> result.with(ChronoField.DAY_OF_WEEK, amount);
                case "weekNumber" -> result.with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, amount);
                case "hour" -> result.withHour(amount);
                case "minute" -> result.withMinute(amount);
                case "second" -> result.withSecond(amount);
                case "millisecond" -> result.with(ChronoField.MILLI_OF_SECOND, amount);
                default -> result;
            };
        }
        return result;
    }

    private DateTimeObject setZone(DateTimeObject dt, Object[] args) {
        ZoneId zone = DateTimeSupport.parseZone(arg(args, 0));
        if (zone == null) {
            return support.invalid("unsupported zone \"" + ScriptRuntime.toString(arg(args, 0)) + "\"");
        }
        if (!dt.isValid()) {
            return dt;
        }
        boolean keepLocal = DateTimeSupport.flag(arg(args, 1), "keepLocalTime");
        return support.of(
                keepLocal ? dt.value().withZoneSameLocal(zone) : dt.value().withZoneSameInstant(zone));
    }

    /** Luxon's diff: whole calendar units first, the smallest unit keeps the remainder as a fraction. */
    private DurationObject diff(ZonedDateTime end, ZonedDateTime start, Object unitArg) {
        if (start == null) {
            throw ScriptRuntime.typeError("diff needs a DateTime");
        }
        List<TimeUnit> units = new ArrayList<>();
        if (unitArg instanceof NativeArray array) {
            for (Object unit : array.toArray()) {
                units.add(TimeUnit.parse(unit));
            }
        } else if (unitArg != null && !(unitArg instanceof Undefined)) {
            units.add(TimeUnit.parse(unitArg));
        }
        if (units.isEmpty()) {
            units.add(TimeUnit.MILLISECONDS);
        }
        units.sort(null);
        boolean negative = end.isBefore(start);
        ZonedDateTime from = (negative ? end : start).withZoneSameInstant(end.getZone());
        ZonedDateTime to = negative ? start.withZoneSameInstant(end.getZone()) : end;
        var values = new EnumMap<TimeUnit, Double>(TimeUnit.class);
        for (int i = 0; i < units.size(); i++) {
            TimeUnit unit = units.get(i);
            long whole = from.until(to, unit.temporal);
            ZonedDateTime cursor = unit.add(from, whole);
            double amount = whole;
            if (i == units.size() - 1) {
                long rest = ChronoUnit.MILLIS.between(cursor, to);
                long span = ChronoUnit.MILLIS.between(cursor, unit.add(cursor, 1));
                amount += span == 0 ? 0 : (double) rest / span;
            }
            values.put(unit, negative ? -amount : amount);
            from = cursor;
        }
        return support.duration(values);
    }

    private String relative(ZonedDateTime v) {
        double millis = ChronoUnit.MILLIS.between(DateTimeSupport.clockNow(), v);
        for (TimeUnit unit : TimeUnit.values()) {
            if (unit == TimeUnit.QUARTERS || unit == TimeUnit.WEEKS || unit == TimeUnit.MILLISECONDS) {
                continue;
            }
            long amount = (long) (millis / unit.casualMillis);
            if (amount != 0 || unit == TimeUnit.SECONDS) {
                String name = unit.key();
                String label = Math.abs(amount) == 1 ? name.substring(0, name.length() - 1) : name;
                return amount >= 0 ? "in " + amount + " " + label : -amount + " " + label + " ago";
            }
        }
        return "now";
    }

    private Scriptable toObject(ZonedDateTime v) {
        ScriptableObject object = support.newObject();
        object.put("year", object, (double) v.getYear());
        object.put("month", object, (double) v.getMonthValue());
        object.put("day", object, (double) v.getDayOfMonth());
        object.put("hour", object, (double) v.getHour());
        object.put("minute", object, (double) v.getMinute());
        object.put("second", object, (double) v.getSecond());
        object.put("millisecond", object, (double) (v.getNano() / 1_000_000));
        return object;
    }

    /** n8n's {@code extract(unit)}: one calendar field as a number. */
    private static Object extract(ZonedDateTime v, Object unitName) {
        String unit = unitName instanceof Undefined ? "week" : ScriptRuntime.toString(unitName);
        return switch (unit) {
            case "week", "weekNumber" -> (double) v.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
            case "dayOfYear", "ordinal" -> (double) v.getDayOfYear();
            case "weekday" -> (double) v.getDayOfWeek().getValue();
            case "quarter" -> (double) v.get(IsoFields.QUARTER_OF_YEAR);
            default ->
                (double) v.get(
                        switch (TimeUnit.parse(unit)) {
                            case YEARS -> ChronoField.YEAR;
                            case MONTHS -> ChronoField.MONTH_OF_YEAR;
                            case DAYS -> ChronoField.DAY_OF_MONTH;
                            case HOURS -> ChronoField.HOUR_OF_DAY;
                            case MINUTES -> ChronoField.MINUTE_OF_HOUR;
                            case SECONDS -> ChronoField.SECOND_OF_MINUTE;
                            default -> ChronoField.MILLI_OF_SECOND;
                        });
        };
    }
}
