package io.hetumind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** {@code main} returns instead of calling {@code System.exit} only when nothing else would keep the JVM alive. */
class MainExitTest {

    @Test
    void aLiveNonDaemonThreadMeansExitAndADaemonOneDoesNot() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Thread worker = Thread.ofPlatform().daemon(false).start(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            assertThat(Main.nothingElseKeepsTheJvm()).isFalse();
        } finally {
            release.countDown();
            worker.join();
        }
        // Surefire's own threads may be non-daemon, so the positive case is only checked relative to a daemon thread
        // added now: it changes nothing.
        boolean before = Main.nothingElseKeepsTheJvm();
        CountDownLatch releaseDaemon = new CountDownLatch(1);
        Thread daemon = Thread.ofPlatform().daemon(true).start(() -> {
            try {
                releaseDaemon.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            assertThat(Main.nothingElseKeepsTheJvm()).isEqualTo(before);
        } finally {
            releaseDaemon.countDown();
            daemon.join();
        }
    }
}
