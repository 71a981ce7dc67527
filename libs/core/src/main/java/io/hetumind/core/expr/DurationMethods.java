package io.hetumind.core.expr;

import static io.hetumind.core.expr.DateTimeStatics.arg;
import static io.hetumind.core.expr.Natives.define;

import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import org.mozilla.javascript.NativeArray;
import org.mozilla.javascript.ScriptRuntime;
import org.mozilla.javascript.Scriptable;
import org.mozilla.javascript.ScriptableObject;
import org.mozilla.javascript.Undefined;

/** {@code Duration} methods, and the DateTime operations that produce durations ({@code diff}, {@code toRelative}). */
final class DurationMethods {

    private final DateTimeSupport support;

    DurationMethods(DateTimeSupport support) {
        this.support = support;
    }

    void install(ScriptableObject durationProto) {
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

    private static DurationObject duration(Scriptable self) {
        if (self instanceof DurationObject d) {
            return d;
        }
        throw ScriptRuntime.typeError("not a Duration");
    }

    /** Luxon's diff: whole calendar units first, the smallest unit keeps the remainder as a fraction. */
    DurationObject diff(ZonedDateTime end, ZonedDateTime start, Object unitArg) {
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

    String relative(ZonedDateTime v) {
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
}
