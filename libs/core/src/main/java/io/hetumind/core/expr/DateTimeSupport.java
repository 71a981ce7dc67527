package io.hetumind.core.expr;

import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import org.mozilla.javascript.Scriptable;
import org.mozilla.javascript.ScriptableObject;

/** Installs {@code DateTime} and {@code Duration} and makes {@code $now}/{@code $today}. */
final class DateTimeSupport {

    private final Sandbox sandbox;
    private ScriptableObject prototype;

    DateTimeSupport(Sandbox sandbox) {
        this.sandbox = sandbox;
    }

    void install(ScriptableObject global) {
        prototype = sandbox.newObject();
    }

    Scriptable prototype() {
        return prototype;
    }

    Scriptable global() {
        return sandbox.global();
    }

    DateTimeObject of(ZonedDateTime value) {
        return new DateTimeObject(value, null, this);
    }

    DateTimeObject now(ExpressionScope scope) {
        return of(ZonedDateTime.ofInstant(scope.now(), scope.zone()));
    }

    DateTimeObject today(ExpressionScope scope) {
        return of(ZonedDateTime.ofInstant(scope.now(), scope.zone()).truncatedTo(ChronoUnit.DAYS));
    }
}
