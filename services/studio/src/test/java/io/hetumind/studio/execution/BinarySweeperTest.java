package io.hetumind.studio.execution;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The rule for files stored before their execution existed (a listener trigger's attachments). */
class BinarySweeperTest {
    private static final Instant T = Instant.parse("2026-12-01T12:00:00Z");
    private static final Duration GRACE = Duration.ofHours(1);

    @Test
    void filesStoredBeforeTheirExecutionGoOnlyOnceEveryRecordIsYoungerByMoreThanTheGrace() {
        assertThat(BinarySweeper.storedBeforeEveryRecord(T, GRACE, null))
                .as("no record at all")
                .isTrue();
        assertThat(BinarySweeper.storedBeforeEveryRecord(T, GRACE, T.plus(GRACE).plusMillis(1)))
                .isTrue();
        assertThat(BinarySweeper.storedBeforeEveryRecord(T, GRACE, T.plus(GRACE)))
                .as("a record within the grace may be the one that took them")
                .isFalse();
        assertThat(BinarySweeper.storedBeforeEveryRecord(T, GRACE, T.minusSeconds(1)))
                .as("an older record is still there (a waiting execution)")
                .isFalse();
    }
}
