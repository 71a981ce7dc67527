package io.hetumind.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessZoneTest {

    @Test
    void unsetOrBlankIsUtc() {
        assertThat(ProcessZone.fromEnvironment(Map.of())).isEqualTo(ZoneOffset.UTC);
        assertThat(ProcessZone.fromEnvironment(Map.of(ProcessZone.ENV, "  "))).isEqualTo(ZoneOffset.UTC);
    }

    @Test
    void readsAZoneName() {
        assertThat(ProcessZone.fromEnvironment(Map.of(ProcessZone.ENV, " Europe/Berlin ")))
                .isEqualTo(ZoneId.of("Europe/Berlin"));
    }

    @Test
    void anUnknownNameIsAClearError() {
        assertThatThrownBy(() -> ProcessZone.fromEnvironment(Map.of(ProcessZone.ENV, "Mars/Olympus")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("HETUMIND_PROCESS_ZONE must name a time zone (such as Europe/Berlin or UTC), got"
                        + " 'Mars/Olympus'");
    }
}
