package io.hetumind.core.expr;

import org.mozilla.javascript.Script;

/** User code compiled once as the body of a function; immutable and shareable across threads. */
public final class UserCode {

    private final String source;
    private final Script script;

    UserCode(String source, Script script) {
        this.source = source;
        this.script = script;
    }

    public String source() {
        return source;
    }

    Script script() {
        return script;
    }
}
