package io.hetumind.core.expr;

import java.time.ZonedDateTime;
import org.mozilla.javascript.ScriptableObject;

/** A Luxon-like DateTime value: a zoned instant, or an invalid date with a reason. */
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
}
