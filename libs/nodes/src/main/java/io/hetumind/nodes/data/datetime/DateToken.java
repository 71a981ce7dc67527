package io.hetumind.nodes.data.datetime;

/** One piece of a date pattern (moment or Luxon dialect): a field with a width, or literal text. */
record DateToken(Kind kind, int width, String literal) {

    /** The date fields both dialects can express. */
    enum Kind {
        LITERAL,
        YEAR,
        YEAR2,
        QUARTER,
        MONTH,
        MONTH_SHORT,
        MONTH_LONG,
        MONTH_NARROW,
        DAY,
        DAY_ORDINAL,
        DAY_OF_YEAR,
        WEEKDAY_SUN0,
        WEEKDAY_ISO,
        WEEKDAY_MIN,
        WEEKDAY_SHORT,
        WEEKDAY_LONG,
        WEEKDAY_NARROW,
        ISO_WEEK,
        ISO_WEEK_YEAR,
        LOCALE_WEEK,
        LOCALE_WEEK_YEAR,
        HOUR24,
        HOUR12,
        HOUR24_FROM1,
        MINUTE,
        SECOND,
        FRACTION,
        MILLIS_UNPADDED,
        AMPM_UPPER,
        AMPM_LOWER,
        OFFSET_COLON,
        OFFSET_PLAIN,
        OFFSET_SHORT,
        ZONE_ABBR,
        /** Luxon's {@code ZZZZ}: the en-US short name Intl gives ("EST", "UTC", "GMT+5:30"). */
        ZONE_SHORT_INTL,
        ZONE_LONG,
        ZONE_ID,
        EPOCH_SECONDS,
        EPOCH_MILLIS,
        ERA
    }

    static DateToken of(Kind kind, int width) {
        return new DateToken(kind, width, null);
    }

    static DateToken text(String literal) {
        return new DateToken(Kind.LITERAL, 0, literal);
    }
}
