package io.hetumind.platform.validation;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/** Checks {@link Text}: the reason names what is wrong, the problem+json mapper adds the field. */
public class TextValidator implements ConstraintValidator<Text, String> {
    private int min;
    private int max;

    @Override
    public void initialize(Text text) {
        this.min = text.min();
        this.max = text.max();
    }

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
        if (value == null) {
            return true;
        }
        String reason = problem(value, min, max);
        if (reason == null) {
            return true;
        }
        context.disableDefaultConstraintViolation();
        context.buildConstraintViolationWithTemplate(reason.replace("{", "\\{").replace("$", "\\$"))
                .addConstraintViolation();
        return false;
    }

    /** Why {@code value} is not acceptable single-line text of {@code min..max} code points, or null if it is. */
    public static String problem(String value, int min, int max) {
        int count = 0;
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            if (Character.isISOControl(cp)) {
                return "must not contain control characters (found U+" + String.format("%04X", cp) + ")";
            }
            if (Character.isSurrogate((char) cp)) {
                return "must not contain an unpaired surrogate";
            }
            if (bidiControl(cp)) {
                return "must not contain bidirectional formatting characters (found U+" + String.format("%04X", cp)
                        + ")";
            }
            count++;
            i += Character.charCount(cp);
        }
        if (count > max) {
            return "must be at most " + max + " characters (has " + count + ")";
        }
        if (count < min) {
            return "must be at least " + min + " characters";
        }
        return null;
    }

    private static boolean bidiControl(int cp) {
        return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E || cp == 0x200F;
    }
}
