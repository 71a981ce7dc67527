package io.hetumind.platform.validation;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * A single-line text field that may be stored: no control characters (NUL included), no bidirectional overrides, no
 * lone surrogates, and between {@link #min} and {@link #max} characters counted as Unicode code points (what a person
 * sees), not UTF-16 units. {@code null} is valid; add {@code @NotNull}/{@code @NotBlank} where a value is required.
 */
@Documented
@Constraint(validatedBy = TextValidator.class)
@Target({FIELD, PARAMETER, RECORD_COMPONENT, TYPE_USE})
@Retention(RUNTIME)
public @interface Text {
    /** The most code points allowed. */
    int max();

    /** The fewest code points allowed. */
    int min() default 0;

    String message() default "is not acceptable text";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
