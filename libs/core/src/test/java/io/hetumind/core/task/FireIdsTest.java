package io.hetumind.core.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class FireIdsTest {
    static final UUID SCHEDULE = UUID.fromString("0193a5c4-7e1f-7000-8000-00000000abcd");

    @Test
    void theSameFireIsTheSameIdAndAVersion5Uuid() {
        UUID a = FireIds.instanceId(SCHEDULE, 1_796_000_000_000L, 1);
        assertThat(FireIds.instanceId(SCHEDULE, 1_796_000_000_000L, 1)).isEqualTo(a);
        assertThat(a.version()).isEqualTo(5);
        assertThat(a.variant()).isEqualTo(2);
        // RFC 9562 name-based v5, as any implementation computes it (Python: uuid.uuid5(SCHEDULE, "1796000000000/1"))
        assertThat(a).isEqualTo(UUID.fromString("80c64b3d-7e54-5914-a8c5-573971e48b90"));
    }

    @Test
    void anotherScheduleFireTimeOrAttemptIsAnotherId() {
        Set<UUID> ids = new HashSet<>();
        for (int second = 0; second < 100; second++) {
            for (int attempt = 1; attempt <= 3; attempt++) {
                ids.add(FireIds.instanceId(SCHEDULE, 1_796_000_000_000L + second * 1000L, attempt));
                ids.add(FireIds.instanceId(UUID.randomUUID(), 1_796_000_000_000L + second * 1000L, attempt));
            }
        }
        assertThat(ids).hasSize(600);
    }

    @Test
    void aScheduleSyncAndALocalFireTravelAndAreChecked() throws Exception {
        var p = new Messages.PinnedSchedule(
                SCHEDULE,
                UUID.randomUUID(),
                "tick",
                "cron",
                "* * * * * *",
                "Europe/Berlin",
                "skip",
                "echo",
                List.of("x"),
                Map.of("A", "b"),
                null,
                5000,
                1,
                100);
        var f = Protocol.decode(Protocol.encode(Kind.SCHEDULE_SYNC, new Messages.ScheduleSync(3, List.of(p))));
        assertThat(f.payload(Messages.ScheduleSync.class).schedules()).containsExactly(p);
        assertThat(Kind.SCHEDULE_SYNC.stateChanging()).isTrue();

        UUID id = FireIds.instanceId(SCHEDULE, 1000, 1);
        var started = new Messages.InstanceUpdate(id, "started", null, null, null, null, null, null, 5L)
                .fired(SCHEDULE, 1000, 1);
        var back =
                Protocol.decode(Protocol.encode(Kind.INSTANCE_UPDATE, started)).payload(Messages.InstanceUpdate.class);
        assertThat(back).isEqualTo(started);
        assertThat(back.localFire()).isTrue();
        // a plain update still encodes without the fields (what a protocol 1 server expects)
        assertThat(Protocol.encode(
                        Kind.INSTANCE_UPDATE,
                        new Messages.InstanceUpdate(id, "started", null, null, null, null, null, null, 5L)))
                .doesNotContain("schedule_id", "fire_at", "attempt");
        String half = Protocol.encode(Kind.INSTANCE_UPDATE, started).replaceAll(",?\"attempt\":1", "");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Protocol.decode(half))
                .hasMessageContaining("go together");
        String badKind = Protocol.encode(Kind.SCHEDULE_SYNC, new Messages.ScheduleSync(3, List.of(p)))
                .replace("\"cron\",\"cron\"", "\"time\",\"cron\"");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Protocol.decode(badKind))
                .hasMessageContaining("cron|daemon");
    }
}
