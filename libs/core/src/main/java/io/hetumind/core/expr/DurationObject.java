package io.hetumind.core.expr;

import java.util.EnumMap;
import java.util.Map;
import org.mozilla.javascript.ScriptRuntime;
import org.mozilla.javascript.Scriptable;
import org.mozilla.javascript.ScriptableObject;

/** A Luxon-like Duration: amounts per unit ({@code {days: 1, hours: 2}}), as {@code diff} returns. */
final class DurationObject extends ScriptableObject {

    private final EnumMap<TimeUnit, Double> values;

    DurationObject(Map<TimeUnit, Double> values, DateTimeSupport support) {
        this.values = values.isEmpty() ? new EnumMap<>(TimeUnit.class) : new EnumMap<>(values);
        setPrototype(support.durationPrototype());
        setParentScope(support.global());
    }

    @Override
    public String getClassName() {
        return "Duration";
    }

    Map<TimeUnit, Double> values() {
        return values;
    }

    @Override
    public Object get(String name, Scriptable start) {
        TimeUnit unit = TimeUnit.parseOrNull(name);
        if (unit != null && name.endsWith("s")) {
            return values.getOrDefault(unit, 0.0);
        }
        if ("isValid".equals(name)) {
            return true;
        }
        return super.get(name, start);
    }

    /** The total in milliseconds, with Luxon's casual month (30 d) and year (365 d). */
    double toMillis() {
        double total = 0;
        for (var e : values.entrySet()) {
            total += e.getValue() * e.getKey().casualMillis;
        }
        return total;
    }

    double as(TimeUnit unit) {
        if (values.size() == 1 && values.containsKey(unit)) {
            return values.get(unit);
        }
        return toMillis() / unit.casualMillis;
    }

    /** Re-expresses the total in the given units, largest first; the last keeps the fraction. */
    Map<TimeUnit, Double> shiftTo(TimeUnit... units) {
        var result = new EnumMap<TimeUnit, Double>(TimeUnit.class);
        java.util.Arrays.sort(units);
        double remaining = toMillis();
        for (int i = 0; i < units.length; i++) {
            double amount = remaining / units[i].casualMillis;
            double kept = i == units.length - 1 ? amount : (amount < 0 ? Math.ceil(amount) : Math.floor(amount));
            result.put(units[i], kept);
            remaining -= kept * units[i].casualMillis;
        }
        return result;
    }

    Scriptable toObject(DateTimeSupport support) {
        ScriptableObject object = support.newObject();
        values.forEach((unit, amount) -> object.put(unit.key(), object, amount));
        return object;
    }

    /** ISO 8601 duration, e.g. {@code P1DT2H30M}. */
    String toIso() {
        var date = new StringBuilder("P");
        var time = new StringBuilder();
        appendIso(date, TimeUnit.YEARS, "Y");
        appendIso(date, TimeUnit.QUARTERS, "Q");
        appendIso(date, TimeUnit.MONTHS, "M");
        appendIso(date, TimeUnit.WEEKS, "W");
        appendIso(date, TimeUnit.DAYS, "D");
        appendIso(time, TimeUnit.HOURS, "H");
        appendIso(time, TimeUnit.MINUTES, "M");
        double seconds =
                values.getOrDefault(TimeUnit.SECONDS, 0.0) + values.getOrDefault(TimeUnit.MILLISECONDS, 0.0) / 1000;
        if (seconds != 0) {
            time.append(ScriptRuntime.toString(Math.round(seconds * 1000) / 1000.0))
                    .append('S');
        }
        if (!time.isEmpty()) {
            date.append('T').append(time);
        }
        return date.length() == 1 ? "PT0S" : date.toString();
    }

    private void appendIso(StringBuilder out, TimeUnit unit, String suffix) {
        Double amount = values.get(unit);
        if (amount != null && amount != 0) {
            out.append(ScriptRuntime.toString(amount)).append(suffix);
        }
    }

    /** Luxon's {@code toHuman()}: "1 day, 2 hours". */
    String toHuman() {
        var parts = new java.util.ArrayList<String>();
        values.forEach((unit, amount) -> {
            String name = unit.key();
            parts.add(
                    ScriptRuntime.toString(amount) + " " + (amount == 1 ? name.substring(0, name.length() - 1) : name));
        });
        return String.join(", ", parts);
    }
}
