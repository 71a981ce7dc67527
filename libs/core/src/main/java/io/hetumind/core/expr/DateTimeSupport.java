package io.hetumind.core.expr;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.mozilla.javascript.Context;
import org.mozilla.javascript.ScriptRuntime;
import org.mozilla.javascript.Scriptable;
import org.mozilla.javascript.ScriptableObject;
import org.mozilla.javascript.Undefined;

/**
 * Luxon-compatible {@code DateTime} and {@code Duration} for expressions, backed by java.time
 * because Rhino has no time-zone database. "Local" means the execution's zone, and "now" the
 * execution's clock, both taken from the {@link ExpressionScope}.
 */
final class DateTimeSupport {

    private final Sandbox sandbox;
    private ScriptableObject prototype;
    private ScriptableObject durationPrototype;

    DateTimeSupport(Sandbox sandbox) {
        this.sandbox = sandbox;
    }

    void install(ScriptableObject global) {
        prototype = sandbox.newObject();
        durationPrototype = sandbox.newObject();
        new DateTimeMethods(this).install(prototype, durationPrototype);
        global.defineProperty("DateTime", new DateTimeStatics(this).dateTime(), ScriptableObject.DONTENUM);
        global.defineProperty("Duration", new DateTimeStatics(this).duration(), ScriptableObject.DONTENUM);
    }

    Scriptable prototype() {
        return prototype;
    }

    Scriptable durationPrototype() {
        return durationPrototype;
    }

    Scriptable global() {
        return sandbox.global();
    }

    ScriptableObject newObject() {
        return sandbox.newObject();
    }

    DateTimeObject of(ZonedDateTime value) {
        return new DateTimeObject(value, null, this);
    }

    DateTimeObject invalid(String reason) {
        return new DateTimeObject(null, reason, this);
    }

    DurationObject duration(Map<TimeUnit, Double> values) {
        return new DurationObject(values, this);
    }

    DateTimeObject now(ExpressionScope scope) {
        return of(ZonedDateTime.ofInstant(scope.now(), scope.zone()));
    }

    DateTimeObject today(ExpressionScope scope) {
        return of(ZonedDateTime.ofInstant(scope.now(), scope.zone()).truncatedTo(ChronoUnit.DAYS));
    }

    /** The execution's zone, or UTC outside an evaluation (only while building the prelude). */
    static ZoneId localZone() {
        EvalState state = Context.getCurrentContext() instanceof SandboxContext cx ? cx.state : null;
        return state == null ? ZoneOffset.UTC : state.scope.zone();
    }

    static ZonedDateTime clockNow() {
        EvalState state = Context.getCurrentContext() instanceof SandboxContext cx ? cx.state : null;
        Instant now = state == null ? Instant.now() : state.scope.now();
        return ZonedDateTime.ofInstant(now, localZone());
    }

    /** Luxon zone names: IANA ids, "utc", "local"/"system", "UTC+3", fixed offsets; null if unknown. */
    static ZoneId parseZone(Object zone) {
        if (zone == null || zone instanceof Undefined) {
            return localZone();
        }
        String name = ScriptRuntime.toString(zone).strip();
        switch (name.toLowerCase(Locale.ROOT)) {
            case "local", "system", "default" -> {
                return localZone();
            }
            case "utc", "gmt", "z", "etc/utc" -> {
                return ZoneId.of("UTC");
            }
            default -> {
                try {
                    return ZoneId.of(name.startsWith("+") || name.startsWith("-") ? "UTC" + name : name);
                } catch (DateTimeException e) {
                    return null;
                }
            }
        }
    }

    /** The {@code zone} option of a Luxon options object (else the local zone); null if unknown. */
    static ZoneId zoneOption(Object options) {
        Object zone = options instanceof Scriptable s ? ScriptableObject.getProperty(s, "zone") : null;
        return parseZone(zone == Scriptable.NOT_FOUND ? null : zone);
    }

    static boolean flag(Object options, String name) {
        if (!(options instanceof Scriptable s)) {
            return false;
        }
        Object value = ScriptableObject.getProperty(s, name);
        return value != Scriptable.NOT_FOUND && ScriptRuntime.toBoolean(value);
    }

    /** Reads {@code {days: 1, hours: 2}}-style objects; unknown keys are ignored like Luxon's. */
    static Map<TimeUnit, Double> unitMap(Scriptable object) {
        if (object instanceof DurationObject duration) {
            return duration.values();
        }
        var values = new EnumMap<TimeUnit, Double>(TimeUnit.class);
        for (Object id : object.getIds()) {
            TimeUnit unit = TimeUnit.parseOrNull(id.toString());
            if (unit != null) {
                values.merge(
                        unit, ScriptRuntime.toNumber(ScriptableObject.getProperty(object, id.toString())), Double::sum);
            }
        }
        return values;
    }

    /** Any date-like value: DateTime, JS Date, epoch milliseconds or an ISO string; null if none. */
    ZonedDateTime toZoned(Object value) {
        if (value instanceof DateTimeObject dt) {
            return dt.value();
        }
        if (value instanceof Number n) {
            return ZonedDateTime.ofInstant(Instant.ofEpochMilli(n.longValue()), localZone());
        }
        if (value instanceof Scriptable s && "Date".equals(s.getClassName())) {
            double millis = ScriptRuntime.toNumber(s);
            return Double.isNaN(millis)
                    ? null
                    : ZonedDateTime.ofInstant(Instant.ofEpochMilli((long) millis), localZone());
        }
        if (value instanceof CharSequence text) {
            DateTimeParsing.Parsed parsed = DateTimeParsing.iso(text.toString());
            return parsed == null ? null : resolve(parsed, localZone(), false);
        }
        return null;
    }

    /** Places a parsed ISO value in a zone, converting when the text carried an offset. */
    static ZonedDateTime resolve(DateTimeParsing.Parsed parsed, ZoneId zone, boolean setZone) {
        if (parsed.offset() == null && parsed.namedZone() == null) {
            return ZonedDateTime.of(parsed.local(), zone);
        }
        ZoneId source = parsed.namedZone() != null ? parsed.namedZone() : parsed.offset();
        ZonedDateTime atSource = parsed.offset() != null
                ? ZonedDateTime.ofInstant(LocalDateTime.from(parsed.local()), parsed.offset(), source)
                : ZonedDateTime.of(parsed.local(), source);
        return setZone ? atSource : atSource.withZoneSameInstant(zone);
    }
}
