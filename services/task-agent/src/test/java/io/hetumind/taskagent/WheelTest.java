package io.hetumind.taskagent;

import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.core.task.FireIds;
import io.hetumind.core.task.Messages;
import io.hetumind.taskagent.run.LocalLogs;
import io.hetumind.taskagent.run.Reporter;
import io.hetumind.taskagent.run.Runner;
import io.hetumind.taskagent.schedule.PinnedStore;
import io.hetumind.taskagent.schedule.Wheel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent's wheel for pinned schedules: fire times (daylight saving, misfires), ids, persistence, retries. */
class WheelTest {
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @TempDir
    Path dir;

    /** A local fire's update as reported: which fire it belongs to and what happened. */
    record Seen(UUID schedule, long fireAt, int attempt, UUID instance, String event) {}

    final List<Seen> seen = new CopyOnWriteArrayList<>();

    Wheel.Reporters recording() {
        return (schedule, fireAt, attempt) -> new Reporter() {
            @Override
            public void started(UUID instance, long at) {
                seen.add(new Seen(schedule, fireAt, attempt, instance, "started"));
            }

            @Override
            public void log(UUID instance, long firstSeq, List<Messages.LogLine> lines) {}

            @Override
            public void ended(
                    UUID instance, String event, Integer exitCode, Long cpuTimeMs, Long maxRssKb, String message) {
                seen.add(new Seen(schedule, fireAt, attempt, instance, event));
            }
        };
    }

    Runner runner() {
        return new Runner(4, new LocalLogs(dir.resolve("logs"), 1 << 20, 2, 10), Duration.ofMillis(500));
    }

    static Messages.PinnedSchedule cron(UUID id, String cron, String misfire, String command, int retries) {
        return new Messages.PinnedSchedule(
                id,
                UUID.randomUUID(),
                "pinned",
                "cron",
                cron,
                "Europe/Berlin",
                misfire,
                command,
                List.of(),
                Map.of(),
                null,
                10_000,
                retries,
                20);
    }

    /** The fire times the wheel would take one after the other, never late: each the next after the previous. */
    static List<Instant> chain(Messages.PinnedSchedule p, Instant from, Instant until) {
        List<Instant> out = new ArrayList<>();
        Instant last = from;
        while (true) {
            Instant next = Wheel.nextFire(p, last, last).orElseThrow();
            if (next.isAfter(until)) {
                return out;
            }
            out.add(next);
            last = next;
        }
    }

    @Test
    void fireTimesFollowBerlinAcrossBothDaylightSavingChanges() {
        // Daily at 02:30 local. 2026-03-29 has no 02:30 (02:00 CET → 03:00 CEST): no fire that day, the next at
        // 02:30 CEST. 2026-10-25 has two (03:00 CEST → 02:00 CET): one fire, the first, then 02:30 CET the day after.
        Messages.PinnedSchedule daily = cron(UUID.randomUUID(), "30 2 * * *", "skip", "true", 0);
        assertThat(chain(daily, Instant.parse("2026-03-27T00:00:00Z"), Instant.parse("2026-03-31T00:00:00Z")))
                .containsExactly(
                        Instant.parse("2026-03-27T01:30:00Z"),
                        Instant.parse("2026-03-28T01:30:00Z"),
                        Instant.parse("2026-03-30T00:30:00Z"));
        List<Instant> autumn =
                chain(daily, Instant.parse("2026-10-23T00:00:00Z"), Instant.parse("2026-10-27T00:00:00Z"));
        assertThat(autumn)
                .containsExactly(
                        Instant.parse("2026-10-23T00:30:00Z"),
                        Instant.parse("2026-10-24T00:30:00Z"),
                        Instant.parse("2026-10-25T00:30:00Z"),
                        Instant.parse("2026-10-26T01:30:00Z"));
        assertThat(autumn)
                .allSatisfy(t -> assertThat(t.atZone(BERLIN).toLocalTime()).hasToString("02:30"));

        // Hourly: real hours, so the autumn day has 25 fires (02:00 twice) and the spring day 23 (no 02:00).
        Messages.PinnedSchedule hourly = cron(UUID.randomUUID(), "0 * * * *", "skip", "true", 0);
        assertThat(firesOn(hourly, LocalDate.parse("2026-10-25"))).hasSize(25);
        assertThat(firesOn(hourly, LocalDate.parse("2026-03-29"))).hasSize(23);

        // Every 20 s (six fields) straight through the autumn change: evenly spaced, none lost or doubled.
        List<Instant> seconds = chain(
                cron(UUID.randomUUID(), "*/20 * * * * *", "skip", "true", 0),
                Instant.parse("2026-10-25T00:58:00Z"),
                Instant.parse("2026-10-25T01:02:00Z"));
        assertThat(seconds).hasSize(12);
        for (int i = 1; i < seconds.size(); i++) {
            assertThat(Duration.between(seconds.get(i - 1), seconds.get(i))).isEqualTo(Duration.ofSeconds(20));
        }
    }

    static List<Instant> firesOn(Messages.PinnedSchedule p, LocalDate day) {
        Instant start = day.atStartOfDay(BERLIN).toInstant();
        Instant end = day.plusDays(1).atStartOfDay(BERLIN).toInstant().minusMillis(1);
        return chain(p, start.minusMillis(1), end);
    }

    @Test
    void aMissedFireTimeIsSkippedOrFiredOnceAsTheScheduleSays() {
        Instant last = Instant.parse("2026-06-01T08:00:00Z");
        Instant now = Instant.parse("2026-06-01T11:20:00Z");
        UUID id = UUID.randomUUID();
        assertThat(Wheel.nextFire(cron(id, "0 * * * *", "skip", "true", 0), last, now))
                .contains(Instant.parse("2026-06-01T12:00:00Z"));
        assertThat(Wheel.nextFire(cron(id, "0 * * * *", "once", "true", 0), last, now))
                .contains(Instant.parse("2026-06-01T11:00:00Z"));
        // Up to a second late is not a misfire: the time is fired (late).
        assertThat(Wheel.nextFire(cron(id, "* * * * * *", "skip", "true", 0), now.minusSeconds(1), now.plusMillis(500)))
                .contains(now);
    }

    @Test
    void eachFireIsNamedByItsScheduleTimeAndAttemptAndARestartNeverRepeatsOne() throws Exception {
        UUID schedule = UUID.randomUUID();
        PinnedStore store = new PinnedStore(dir);
        Runner runner = runner();
        Messages.PinnedSchedule p = cron(schedule, "* * * * * *", "skip", "true", 0);
        Wheel wheel = new Wheel(store, runner, recording(), Wheel.Counters.NONE);
        wheel.start();
        wheel.apply(new Messages.ScheduleSync(1, List.of(p)));
        awaitStarted(3, Duration.ofSeconds(10));
        wheel.close();
        Instant stopped = Instant.now();
        List<Seen> before = started();
        assertThat(before).allSatisfy(s -> {
            assertThat(s.schedule()).isEqualTo(schedule);
            assertThat(s.attempt()).isEqualTo(1);
            assertThat(s.fireAt() % 1000).isZero();
            assertThat(s.instance()).isEqualTo(FireIds.instanceId(schedule, s.fireAt(), 1));
        });
        assertThat(before.stream().map(Seen::fireAt).collect(Collectors.toSet()))
                .hasSize(before.size());
        long lastBefore = before.stream().mapToLong(Seen::fireAt).max().orElseThrow();
        assertThat(store.load().lastFires()).containsEntry(schedule, lastBefore);

        // "Restart": a new wheel on the stored state, 2 s later, without the server (no sync).
        Thread.sleep(2_000);
        seen.clear();
        Wheel again = new Wheel(new PinnedStore(dir), runner, recording(), Wheel.Counters.NONE);
        again.start();
        assertThat(again.size()).isEqualTo(1);
        awaitStarted(2, Duration.ofSeconds(10));
        again.close();
        List<Seen> after = started();
        Set<Long> times = before.stream().map(Seen::fireAt).collect(Collectors.toSet());
        assertThat(after).noneMatch(s -> times.contains(s.fireAt()));
        // skip: the seconds it was down are not fired afterwards
        assertThat(after).allMatch(s -> s.fireAt() > stopped.toEpochMilli() + 1_000);
    }

    @Test
    void schedulesDueOnTheSameSecondAllFireOnceEachAndTheirFiresAreStored() throws Exception {
        // fired together (one stored state for all that are due): each still once per second, none lost or doubled
        List<UUID> ids = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        PinnedStore store = new PinnedStore(dir);
        Wheel wheel = new Wheel(store, runner(), recording(), Wheel.Counters.NONE);
        wheel.start();
        wheel.apply(new Messages.ScheduleSync(
                1,
                ids.stream()
                        .map(id -> cron(id, "* * * * * *", "skip", "true", 0))
                        .toList()));
        awaitStarted(4 * 3, Duration.ofSeconds(10));
        wheel.close();
        Thread.sleep(200); // a fire already handed to the runner when the wheel closed reports its start
        Map<UUID, List<Long>> bySchedule = started().stream()
                .collect(Collectors.groupingBy(Seen::schedule, Collectors.mapping(Seen::fireAt, Collectors.toList())));
        assertThat(bySchedule.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        Set<Long> seconds = bySchedule.values().stream().flatMap(List::stream).collect(Collectors.toSet());
        long first = seconds.stream().mapToLong(Long::longValue).min().orElseThrow();
        long last = seconds.stream().mapToLong(Long::longValue).max().orElseThrow();
        Map<UUID, Long> stored = store.load().lastFires();
        for (UUID id : ids) {
            List<Long> times = bySchedule.get(id);
            assertThat(times).as("fired once per second").doesNotHaveDuplicates();
            // every whole second between the first and the last fire seen is fired by every schedule
            assertThat(times)
                    .containsAll(java.util.stream.LongStream.range(first / 1000 + 1, last / 1000)
                            .mapToObj(sec -> sec * 1000)
                            .toList());
            assertThat(stored.get(id))
                    .isEqualTo(times.stream().mapToLong(Long::longValue).max().orElseThrow());
        }
    }

    @Test
    void afterADowntimeOnceFiresTheLatestMissedTimeAndSkipNothing() throws Exception {
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        for (String misfire : List.of("once", "skip")) {
            Path d = Files.createDirectories(dir.resolve(misfire));
            UUID schedule = UUID.randomUUID();
            new PinnedStore(d)
                    .save(new PinnedStore.State(
                            3,
                            List.of(cron(schedule, "0 0 * * * *", misfire, "true", 0)),
                            Map.of(schedule, hour.minus(3, ChronoUnit.HOURS).toEpochMilli())));
            seen.clear();
            Wheel wheel = new Wheel(new PinnedStore(d), runner(), recording(), Wheel.Counters.NONE);
            wheel.start();
            Thread.sleep(2_000);
            wheel.close();
            if (misfire.equals("once")) {
                assertThat(started()).singleElement().satisfies(s -> {
                    assertThat(s.fireAt()).isEqualTo(hour.toEpochMilli());
                    assertThat(s.instance()).isEqualTo(FireIds.instanceId(schedule, hour.toEpochMilli(), 1));
                });
            } else {
                assertThat(started()).isEmpty();
            }
        }
    }

    @Test
    void aFailedFireIsRetriedLocallyWithItsFireTime() throws Exception {
        UUID schedule = UUID.randomUUID();
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        new PinnedStore(dir)
                .save(new PinnedStore.State(
                        1,
                        List.of(cron(schedule, "0 0 * * * *", "once", "false", 2)),
                        Map.of(schedule, hour.minus(1, ChronoUnit.HOURS).toEpochMilli())));
        Wheel wheel = new Wheel(new PinnedStore(dir), runner(), recording(), Wheel.Counters.NONE);
        wheel.start();
        long deadline = System.currentTimeMillis() + 10_000;
        while (seen.stream().filter(s -> s.event().equals("failed")).count() < 3
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        Thread.sleep(300);
        wheel.close();
        List<Seen> failed =
                seen.stream().filter(s -> s.event().equals("failed")).toList();
        assertThat(failed).extracting(Seen::attempt).containsExactly(1, 2, 3);
        assertThat(failed).allSatisfy(s -> {
            assertThat(s.fireAt()).isEqualTo(hour.toEpochMilli());
            assertThat(s.instance()).isEqualTo(FireIds.instanceId(schedule, hour.toEpochMilli(), s.attempt()));
        });
    }

    @Test
    void aSyncIsStoredBeforeItIsAppliedAndAnOlderOneIsNot() throws Exception {
        PinnedStore store = new PinnedStore(dir);
        Wheel wheel = new Wheel(store, runner(), recording(), Wheel.Counters.NONE);
        wheel.start();
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        wheel.apply(new Messages.ScheduleSync(
                2, List.of(cron(a, "0 0 1 1 *", "skip", "true", 0), cron(b, "0 0 1 1 *", "skip", "true", 0))));
        wheel.apply(new Messages.ScheduleSync(1, List.of()));
        assertThat(wheel.version()).isEqualTo(2);
        assertThat(wheel.size()).isEqualTo(2);
        wheel.close();
        PinnedStore.State stored = new PinnedStore(dir).load();
        assertThat(stored.version()).isEqualTo(2);
        assertThat(stored.schedules())
                .extracting(Messages.PinnedSchedule::scheduleId)
                .containsExactly(a, b);
        assertThat(stored.lastFires()).containsOnlyKeys(a, b);
        assertThat(dir.resolve("schedules.json.tmp")).doesNotExist();

        // the same set again (version 3) keeps the last fire times; a removed schedule is gone with its time
        Wheel again = new Wheel(new PinnedStore(dir), runner(), recording(), Wheel.Counters.NONE);
        again.start();
        again.apply(new Messages.ScheduleSync(3, List.of(stored.schedules().getFirst())));
        again.close();
        assertThat(new PinnedStore(dir).load().lastFires())
                .containsOnlyKeys(a)
                .containsEntry(a, stored.lastFires().get(a));
    }

    List<Seen> started() {
        return seen.stream().filter(s -> s.event().equals("started")).toList();
    }

    void awaitStarted(int n, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (started().size() < n && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(started()).hasSizeGreaterThanOrEqualTo(n);
    }
}
