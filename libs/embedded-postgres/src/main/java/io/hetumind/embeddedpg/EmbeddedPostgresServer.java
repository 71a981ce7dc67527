package io.hetumind.embeddedpg;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/** The embedded PostgreSQL that `./hetumind up` shares between all services; runs until SIGTERM or Ctrl-C. */
public final class EmbeddedPostgresServer {
    private EmbeddedPostgresServer() {}

    /**
     * Starts PostgreSQL with its data in {@code <data-dir>} (kept across restarts) on {@code <port>}.
     *
     * <p>Usage: {@code java -jar hetumind-embedded-postgres.jar <data-dir> <port>}.
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: EmbeddedPostgresServer <data-dir> <port>");
            System.exit(2);
        }
        Path data = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        EmbeddedPostgres pg = start(data, port, false, data.resolveSibling("postgres-binaries"));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                pg.close();
            } catch (IOException e) {
                System.err.println("embedded PostgreSQL did not stop cleanly: " + e.getMessage());
            }
            stopped.countDown();
        }));
        System.out.println("embedded PostgreSQL ready on 127.0.0.1:" + port + " (data in " + data + ")");
        System.out.flush();
        stopped.await();
    }

    /**
     * Starts a server on {@code port} (0 picks a free one) with its data in {@code data} and its binaries unpacked
     * into {@code binaries}; a data directory that already holds a cluster is reused, so data survives restarts
     * unless {@code clean}.
     */
    public static EmbeddedPostgres start(Path data, int port, boolean clean, Path binaries) throws IOException {
        try {
            return builder(data, port, clean, binaries).start();
        } catch (IOException | RuntimeException | Error e) {
            // An extraction cut short (killed, out of memory) leaves a binaries folder zonky cannot reuse: retry once
            // from a fresh one.
            deleteTree(binaries);
            return builder(data, port, clean, binaries).start();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var walk = Files.walk(dir)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static EmbeddedPostgres.Builder builder(Path data, int port, boolean clean, Path binaries)
            throws IOException {
        Files.createDirectories(data);
        Files.createDirectories(binaries);
        EmbeddedPostgres.Builder b = EmbeddedPostgres.builder()
                .setOverrideWorkingDirectory(binaries.toFile())
                .setDataDirectory(data)
                .setCleanDataDirectory(clean)
                .setRegisterShutdownHook(clean)
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("max_connections", "200")
                .setServerConfig("fsync", clean ? "off" : "on");
        if (port > 0) {
            b.setPort(port);
        }
        return b;
    }
}
