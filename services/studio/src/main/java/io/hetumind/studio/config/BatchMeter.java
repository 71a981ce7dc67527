package io.hetumind.studio.config;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * What a group-commit writer (checkpoints, settles, live events) does per batch: how long each write took and how many
 * entries it carried, as {@code <name>_seconds} and {@code <name>_size}. A writer falling behind shows as long writes
 * of large batches; one stuck on something else, as long writes of small ones.
 */
public final class BatchMeter {
    private final Timer time;
    private final DistributionSummary size;

    public BatchMeter(MeterRegistry meters, String name, String what) {
        this.time = Timer.builder(name)
                .description("How long one batch of " + what + " took to write")
                .publishPercentileHistogram()
                .register(meters);
        this.size = DistributionSummary.builder(name + "_size")
                .description("How many " + what + " one batch carried")
                .publishPercentileHistogram()
                .register(meters);
    }

    /** A meter that records nothing, for a writer built outside the application (tests, tools). */
    public static BatchMeter none() {
        return new BatchMeter(new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), "unused", "entries");
    }

    /** Records one batch of {@code entries} written since {@code startNanos} ({@link System#nanoTime()}). */
    public void record(int entries, long startNanos) {
        time.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
        size.record(entries);
    }
}
