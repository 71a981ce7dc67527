package io.hetumind.lambda.state;

import java.util.regex.Pattern;

/** Checks names that become parts of S3 keys, so no request can reach outside its own folder. */
public final class Keys {

    /** Letters, digits and {@code . _ -}, 1–200 characters, not only dots. */
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]{1,200}");

    private Keys() {}

    /** Returns {@code value} when it is a safe key segment, else throws naming {@code what}. */
    public static String check(String value, String what) {
        if (value == null || !SAFE.matcher(value).matches() || value.chars().allMatch(c -> c == '.')) {
            throw new IllegalArgumentException(
                    what + " must be 1-200 letters, digits, '.', '_' or '-' (and not only dots), got "
                            + (value == null ? "nothing" : "'" + abbreviate(value) + "'"));
        }
        return value;
    }

    static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
