package io.hetumind.core.expr;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** Luxon's ISO output and format tokens on top of java.time. */
final class LuxonFormat {

    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX");

    private LuxonFormat() {}

    static String iso(ZonedDateTime value) {
        return ISO.format(value);
    }
}
