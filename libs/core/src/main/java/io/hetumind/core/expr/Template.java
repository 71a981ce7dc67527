package io.hetumind.core.expr;

/** A compiled template; opaque to callers. */
public interface Template {

    /** The template text as written, without the leading {@code =}. */
    String source();

    /** True when the template has no {@code {{ }}} segment. */
    boolean isConstant();
}
