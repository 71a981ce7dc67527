package io.hetumind.taskserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.taskserver.repository.InstanceRepository;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReadyMillisTest {
    @Test
    void theAnnouncedReadyTimeIsNeverBeforeTheInstanceIsClaimable() {
        // A ready time 19 µs past a millisecond: a wake-up at the truncated millisecond could claim nothing.
        Instant readyAt = Instant.parse("2026-12-03T19:02:27.790019Z");
        assertThat(InstanceRepository.readyMillis(readyAt)).isEqualTo(readyAt.toEpochMilli() + 1);
        assertThat(Instant.ofEpochMilli(InstanceRepository.readyMillis(readyAt)))
                .isAfterOrEqualTo(readyAt);
        Instant exact = Instant.parse("2026-12-03T19:02:27.790Z");
        assertThat(InstanceRepository.readyMillis(exact)).isEqualTo(exact.toEpochMilli());
        Instant beforeEpoch = Instant.parse("1969-12-31T23:59:59.999500Z");
        assertThat(InstanceRepository.readyMillis(beforeEpoch)).isZero();
    }
}
