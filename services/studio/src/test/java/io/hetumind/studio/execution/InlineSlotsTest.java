package io.hetumind.studio.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InlineSlotsTest {

    @Test
    void aLaunchBeyondTheLimitWaitsForASlotAndIsRefusedOnlyWhenNoneFreesInTime() throws Exception {
        InlineSlots slots = new InlineSlots(1, 0, Duration.ofSeconds(30));
        InlineSlots.Slot first = slots.acquire();
        assertThat(first).isNotNull();

        CompletableFuture<InlineSlots.Slot> second = CompletableFuture.supplyAsync(slots::acquire);
        Thread.sleep(100);
        assertThat(second).isNotDone(); // waiting, not refused
        first.release();
        InlineSlots.Slot got = second.get(30, TimeUnit.SECONDS);
        assertThat(got).isNotNull();
        assertThat(slots.running()).isEqualTo(1);

        InlineSlots quick = new InlineSlots(1, 0, Duration.ofMillis(50));
        assertThat(quick.acquire()).isNotNull();
        long start = System.nanoTime();
        assertThat(quick.acquire()).isNull();
        assertThat(System.nanoTime() - start)
                .isGreaterThanOrEqualTo(Duration.ofMillis(50).toNanos());
    }

    @Test
    void aRunWhoseEngineIsDoneHandsItsSlotToTheNextLaunchWhileASettlingPlaceIsFree() {
        InlineSlots slots = new InlineSlots(1, 1, Duration.ZERO);
        InlineSlots.Slot a = slots.acquire();
        assertThat(slots.acquire()).isNull();

        a.handOver();
        assertThat(slots.running()).isZero();
        assertThat(slots.settling()).isEqualTo(1);
        InlineSlots.Slot b = slots.acquire();
        assertThat(b).isNotNull();

        b.handOver(); // the one settling place is taken: b keeps its running slot while it settles
        assertThat(slots.running()).isEqualTo(1);
        assertThat(slots.settling()).isEqualTo(1);
        assertThat(slots.acquire()).isNull();

        a.release();
        assertThat(slots.settling()).isZero();
        b.release();
        assertThat(slots.running()).isZero();
        assertThat(slots.acquire()).isNotNull();
    }

    @Test
    void releasingTwiceOrHandingOverAfterReleaseFreesNothingMoreThanWasHeld() {
        InlineSlots slots = new InlineSlots(2, 2, Duration.ZERO);
        InlineSlots.Slot a = slots.acquire();
        a.release();
        a.release();
        a.handOver();
        assertThat(slots.running()).isZero();
        assertThat(slots.settling()).isZero();

        InlineSlots.Slot b = slots.acquire();
        b.handOver();
        b.handOver();
        b.release();
        b.release();
        assertThat(slots.running()).isZero();
        assertThat(slots.settling()).isZero();
        // no permit was created out of thin air: exactly two runs fit, as configured
        assertThat(slots.acquire()).isNotNull();
        assertThat(slots.acquire()).isNotNull();
        assertThat(slots.acquire()).isNull();
    }

    @Test
    void waitingLaunchesAreServedInArrivalOrder() throws Exception {
        InlineSlots slots = new InlineSlots(1, 0, Duration.ofSeconds(30));
        InlineSlots.Slot held = slots.acquire();
        List<Integer> order = new ArrayList<>();
        List<Thread> waiters = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int n = i;
            CountDownLatch queued = new CountDownLatch(1);
            Thread t = Thread.ofVirtual().start(() -> {
                queued.countDown();
                InlineSlots.Slot s = slots.acquire();
                synchronized (order) {
                    order.add(n);
                }
                s.release();
            });
            queued.await();
            // let the waiter reach the semaphore's queue before the next one starts
            while (t.getState() != Thread.State.WAITING && t.getState() != Thread.State.TIMED_WAITING) {
                Thread.sleep(5);
            }
            waiters.add(t);
        }
        held.release();
        for (Thread t : waiters) {
            t.join(30_000);
        }
        assertThat(order).containsExactly(0, 1, 2, 3);
    }

    @Test
    void aLimitBelowOneIsAConfigurationError() {
        assertThatThrownBy(() -> new InlineSlots(0, 1, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxRunning");
    }
}
