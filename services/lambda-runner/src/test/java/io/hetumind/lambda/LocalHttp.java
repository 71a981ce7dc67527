package io.hetumind.lambda;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP server the tests' workflows call: {@code /file} answers fixed bytes, {@code /slow} answers only
 * once {@link #releaseSlow} is called (or after a minute), so a node calling it runs as long as the test wants.
 * Counts the requests of each.
 */
public final class LocalHttp implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final byte[] file;
    private final CountDownLatch slowGate = new CountDownLatch(1);
    public final AtomicInteger fileRequests = new AtomicInteger();
    public final AtomicInteger slowRequests = new AtomicInteger();

    public LocalHttp(byte[] file) throws IOException {
        this.file = file.clone();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(pool);
        server.createContext("/file", this::file);
        server.createContext("/slow", this::slow);
        server.start();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** Lets every {@code /slow} request waiting now or later answer. */
    public void releaseSlow() {
        slowGate.countDown();
    }

    private void file(HttpExchange ex) throws IOException {
        fileRequests.incrementAndGet();
        ex.getResponseHeaders().add("Content-Type", "application/octet-stream");
        ex.getResponseHeaders().add("Content-Disposition", "attachment; filename=\"blob.bin\"");
        ex.sendResponseHeaders(200, file.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(file);
        }
    }

    private void slow(HttpExchange ex) throws IOException {
        slowRequests.incrementAndGet();
        try {
            slowGate.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        byte[] body = "{\"slow\":true}".getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(200, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        releaseSlow();
        server.stop(0);
        pool.shutdownNow();
    }
}
