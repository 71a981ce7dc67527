package io.hetumind.nodes.ai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.spi.Json;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL with pgvector for tests: PGlite (WASM Postgres) behind {@code pglite-socket}, which
 * speaks the wire protocol, started as a child process on a free port. Its npm packages are pinned
 * in {@code src/test/pglite/package-lock.json} and installed with {@code npm ci} when missing.
 */
final class PgliteServer implements AutoCloseable {

    static final File DIR = new File("src/test/pglite");

    private final Process process;
    final int port;

    private PgliteServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static PgliteServer start() throws Exception {
        if (!new File(DIR, "node_modules/@electric-sql/pglite-socket").isDirectory()) {
            Process ci = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
                    .directory(DIR)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!ci.waitFor(5, TimeUnit.MINUTES) || ci.exitValue() != 0) {
                throw new IllegalStateException("npm ci in " + DIR + " failed");
            }
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process p = new ProcessBuilder(
                        "node",
                        "node_modules/@electric-sql/pglite-socket/dist/scripts/server.js",
                        "--port=" + port,
                        "--host=127.0.0.1",
                        "--extensions=@electric-sql/pglite-pgvector:vector",
                        "--max-connections=8")
                .directory(DIR)
                .redirectErrorStream(true)
                .start();
        CompletableFuture<Boolean> listening = new CompletableFuture<>();
        StringBuilder log = new StringBuilder();
        Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (log) {
                        log.append(line).append('\n');
                    }
                    if (line.contains("listening")) {
                        listening.complete(true);
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
            listening.complete(false);
        });
        if (!listening.get(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("PGlite did not start: " + log);
        }
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(p::destroyForcibly)); // never orphaned
        return new PgliteServer(p, port);
    }

    /** A {@code postgres} credential for the server. */
    ObjectNode credential() {
        return Json.object()
                .put("host", "127.0.0.1")
                .put("port", port)
                .put("database", "postgres")
                .put("user", "postgres")
                .put("password", "postgres")
                .put("ssl", "disable");
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
