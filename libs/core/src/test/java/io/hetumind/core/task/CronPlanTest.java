package io.hetumind.core.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class CronPlanTest {
    @Test
    void fiveFieldsInATimeZoneFollowDaylightSaving() {
        // 02:30 every day in New York; on 2026-03-08 that wall time does not exist (clocks jump 02:00 → 03:00).
        var plan = CronPlan.of("30 2 * * *", "America/New_York");
        var times = plan.between(Instant.parse("2026-03-06T12:00:00Z"), Instant.parse("2026-03-10T12:00:00Z"), 10);
        assertThat(times).contains(Instant.parse("2026-03-07T07:30:00Z"), Instant.parse("2026-03-09T06:30:00Z"));
        assertThat(times).allMatch(t -> t.isAfter(Instant.parse("2026-03-06T12:00:00Z")));
    }

    @Test
    void sixFieldsHaveSeconds() {
        var times = CronPlan.of("*/15 * * * * *", "UTC")
                .between(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:01:00Z"), 100);
        assertThat(times).hasSize(4).first().isEqualTo(Instant.parse("2026-01-01T00:00:15Z"));
    }

    @Test
    void badExpressionsAndZonesAreRefused() {
        assertThatThrownBy(() -> CronPlan.of("61 * * * *", "UTC")).hasMessageContaining("invalid cron");
        assertThatThrownBy(() -> CronPlan.of("* * *", "UTC")).hasMessageContaining("5 or 6 fields");
        assertThatThrownBy(() -> CronPlan.of("* * * * *", "Mars/Olympus")).hasMessageContaining("time zone");
    }
}
