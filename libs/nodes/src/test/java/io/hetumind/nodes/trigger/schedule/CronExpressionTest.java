package io.hetumind.nodes.trigger.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CronExpressionTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    static final ZoneId UTC = ZoneId.of("UTC");

    static ZonedDateTime at(String local, ZoneId zone) {
        return java.time.LocalDateTime.parse(local).atZone(zone);
    }

    static List<String> fires(String cron, ZonedDateTime from, int n) {
        var expr = CronExpression.parse(cron);
        List<String> out = new ArrayList<>();
        ZonedDateTime t = from;
        for (int i = 0; i < n; i++) {
            t = expr.next(t).orElseThrow();
            out.add(t.toOffsetDateTime().toString());
        }
        return out;
    }

    @Test
    void fiveAndSixFieldsStepsListsRangesNames() {
        assertThat(fires("*/15 * * * *", at("2024-01-01T10:07:30", UTC), 3))
                .containsExactly("2024-01-01T10:15Z", "2024-01-01T10:30Z", "2024-01-01T10:45Z");
        assertThat(fires("*/20 * * * * *", at("2024-01-01T10:00:00", UTC), 3))
                .containsExactly("2024-01-01T10:00:20Z", "2024-01-01T10:00:40Z", "2024-01-01T10:01Z");
        assertThat(fires("0 9 * * MON-FRI", at("2024-05-03T09:00:00", UTC), 2)) // Friday 09:00 exactly
                .containsExactly("2024-05-06T09:00Z", "2024-05-07T09:00Z");
        assertThat(fires("30 8 1,15 JAN,jul *", at("2024-01-15T08:30:00", UTC), 2))
                .containsExactly("2024-07-01T08:30Z", "2024-07-15T08:30Z");
        assertThat(fires("0 0 * * 7", at("2024-05-01T00:00:00", UTC), 1)).containsExactly("2024-05-05T00:00Z");
    }

    @Test
    void dayOfMonthOrDayOfWeekWhenBothRestricted() {
        // the 13th, or any Friday
        assertThat(fires("0 0 13 * 5", at("2024-09-01T00:00:00", UTC), 3))
                .containsExactly("2024-09-06T00:00Z", "2024-09-13T00:00Z", "2024-09-20T00:00Z");
    }

    @Test
    void monthEndsAndLeapDays() {
        assertThat(fires("0 12 31 * *", at("2024-01-31T12:00:00", UTC), 3))
                .containsExactly("2024-03-31T12:00Z", "2024-05-31T12:00Z", "2024-07-31T12:00Z");
        assertThat(fires("0 0 29 2 *", at("2024-03-01T00:00:00", UTC), 2))
                .containsExactly("2028-02-29T00:00Z", "2032-02-29T00:00Z");
        assertThat(CronExpression.parse("0 0 30 2 *").next(at("2024-01-01T00:00:00", UTC)))
                .isEmpty();
    }

    @Test
    void springForwardGapFiresAfterTheGap() {
        // Berlin 2024-03-31: 02:00 → 03:00
        assertThat(fires("30 2 * * *", at("2024-03-30T03:00:00", BERLIN), 3))
                .containsExactly("2024-03-31T03:30+02:00", "2024-04-01T02:30+02:00", "2024-04-02T02:30+02:00");
        assertThat(fires("0 * * * *", at("2024-03-31T01:30:00", BERLIN), 2))
                .containsExactly("2024-03-31T03:00+02:00", "2024-03-31T04:00+02:00");
    }

    @Test
    void fallBackOverlapFiresOnce() {
        // New York 2024-11-03: 02:00 EDT → 01:00 EST, 01:30 happens twice
        assertThat(fires("30 1 * * *", at("2024-11-02T12:00:00", NEW_YORK), 2))
                .containsExactly("2024-11-03T01:30-04:00", "2024-11-04T01:30-05:00");
        // hourly keeps wall-clock hours and never goes backwards in time
        assertThat(fires("0 * * * *", at("2024-11-03T00:30:00", NEW_YORK), 3))
                .containsExactly("2024-11-03T01:00-04:00", "2024-11-03T02:00-05:00", "2024-11-03T03:00-05:00");
    }

    @Test
    void sameInstantDifferentZones() {
        var utc = CronExpression.parse("0 9 * * *")
                .next(at("2024-06-01T00:00:00", UTC))
                .orElseThrow();
        var tokyo = CronExpression.parse("0 9 * * *")
                .next(at("2024-06-01T00:00:00", UTC).withZoneSameInstant(ZoneId.of("Asia/Tokyo")))
                .orElseThrow();
        assertThat(utc.toString()).isEqualTo("2024-06-01T09:00Z[UTC]");
        assertThat(tokyo.toOffsetDateTime().toString()).isEqualTo("2024-06-02T09:00+09:00");
    }

    @Test
    void malformedExpressionsSayWhy() {
        assertThatThrownBy(() -> CronExpression.parse("* * *")).hasMessageContaining("5 or 6 fields");
        assertThatThrownBy(() -> CronExpression.parse("61 * * * *")).hasMessageContaining("minute");
        assertThatThrownBy(() -> CronExpression.parse("* * * FOO *")).hasMessageContaining("month");
        assertThatThrownBy(() -> CronExpression.parse("*/0 * * * *")).hasMessageContaining("step");
        assertThatThrownBy(() -> CronExpression.parse("5-1 * * * *")).hasMessageContaining("reversed");
    }
}
