package io.hetumind.nodes.ai.model;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import io.hetumind.core.spi.NetworkPolicy;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The HTTP client under every LangChain4j model here: checks each target against the host's
 * {@link NetworkPolicy}, and retries 429 and 5xx answers up to {@code maxRetries} times, waiting
 * what the provider's {@code Retry-After} says (seconds or an HTTP date; capped at
 * {@code maxWait}) or else an exponential back-off. LangChain4j's own retries are switched off
 * (they cannot see {@code Retry-After}). A streamed request is retried the same way while its answer has not opened
 * (a 429 or 5xx status comes before the first token); once the stream is open nothing is retried.
 */
public final class ProviderHttpClient implements HttpClient {

    /** One JDK client per connect timeout for the whole process: models are built per item, clients are not. */
    private static final java.util.concurrent.ConcurrentHashMap<Duration, java.net.http.HttpClient> CLIENTS =
            new java.util.concurrent.ConcurrentHashMap<>();

    private final java.net.http.HttpClient http;
    private final Duration readTimeout;
    private final int maxRetries;
    private final Duration maxWait;
    private final NetworkPolicy policy;
    private final BooleanSupplier canceled;
    private final Runnable alive; // told while a streamed call waits to retry or opens, for the idle watch

    ProviderHttpClient(
            Duration timeout,
            int maxRetries,
            Duration maxWait,
            NetworkPolicy policy,
            BooleanSupplier canceled,
            Runnable alive) {
        this.http = CLIENTS.computeIfAbsent(timeout, t -> java.net.http.HttpClient.newBuilder()
                .connectTimeout(t)
                .followRedirects(java.net.http.HttpClient.Redirect.NEVER)
                .build());
        this.readTimeout = timeout;
        this.maxRetries = maxRetries;
        this.maxWait = maxWait;
        this.policy = policy;
        this.canceled = canceled;
        this.alive = alive == null ? () -> {} : alive;
    }

    /** A builder LangChain4j model builders accept ({@code httpClientBuilder(…)}). */
    public static HttpClientBuilder builder(
            Duration timeout, int maxRetries, Duration maxWait, NetworkPolicy policy, BooleanSupplier canceled) {
        return builder(timeout, maxRetries, maxWait, policy, canceled, null);
    }

    /**
     * The same, telling {@code alive} whenever a streamed call shows a sign of life before its first token (an attempt,
     * a tick of a retry wait, the stream opening), so a caller watching for a stalled stream does not count retry
     * waits as silence.
     */
    public static HttpClientBuilder builder(
            Duration timeout,
            int maxRetries,
            Duration maxWait,
            NetworkPolicy policy,
            BooleanSupplier canceled,
            Runnable alive) {
        return new HttpClientBuilder() {
            private Duration connect = timeout;
            private Duration read = timeout;

            @Override
            public Duration connectTimeout() {
                return connect;
            }

            @Override
            public HttpClientBuilder connectTimeout(Duration value) {
                return this; // the node's timeout wins over the model builder's default
            }

            @Override
            public Duration readTimeout() {
                return read;
            }

            @Override
            public HttpClientBuilder readTimeout(Duration value) {
                return this;
            }

            @Override
            public HttpClient build() {
                return new ProviderHttpClient(timeout, maxRetries, maxWait, policy, canceled, alive);
            }
        };
    }

    @Override
    public SuccessfulHttpResponse execute(HttpRequest request) {
        URI uri = URI.create(request.url());
        checkPolicy(uri);
        for (int attempt = 0; ; attempt++) {
            HttpResponse<String> response = send(request, uri, HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return SuccessfulHttpResponse.builder()
                        .statusCode(status)
                        .headers(response.headers().map())
                        .body(response.body())
                        .build();
            }
            if (!retriable(status) || attempt >= maxRetries) {
                throw new HttpException(status, response.body());
            }
            Duration wait = retryAfter(response.headers().map(), attempt);
            sleep(wait);
        }
    }

    private static boolean retriable(int status) {
        return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
    }

    private <T> HttpResponse<T> send(HttpRequest request, URI uri, HttpResponse.BodyHandler<T> handler) {
        var builder = java.net.http.HttpRequest.newBuilder(uri).timeout(readTimeout);
        request.headers()
                .forEach((name, values) -> values.forEach(v -> {
                    if (!RESTRICTED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                        builder.header(name, v);
                    }
                }));
        String body = request.body();
        switch (request.method()) {
            case GET -> builder.GET();
            case DELETE -> builder.DELETE();
            case POST ->
                builder.POST(
                        body == null
                                ? java.net.http.HttpRequest.BodyPublishers.noBody()
                                : java.net.http.HttpRequest.BodyPublishers.ofString(body));
        }
        try {
            return http.send(builder.build(), handler);
        } catch (java.net.http.HttpTimeoutException e) {
            throw new dev.langchain4j.exception.TimeoutException(
                    "no answer from " + uri.getHost() + " within " + readTimeout.toMillis() + " ms");
        } catch (IOException e) {
            throw new UncheckedIOException2(
                    "cannot reach " + uri.getScheme() + "://" + uri.getAuthority() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling " + uri.getHost(), e);
        }
    }

    private static final java.util.Set<String> RESTRICTED =
            java.util.Set.of("content-length", "host", "connection", "expect", "upgrade");

    /** An I/O failure reaching the provider (kept unchecked for LangChain4j's call chain). */
    public static final class UncheckedIOException2 extends RuntimeException {
        UncheckedIOException2(String message, IOException cause) {
            super(message, cause);
        }
    }

    private void checkPolicy(URI uri) {
        if (policy == null || policy.allowsEverything()) {
            return;
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        try {
            policy.resolve(uri.getHost(), port);
        } catch (java.net.UnknownHostException e) {
            throw new UncheckedIOException2("unknown host '" + uri.getHost() + "'", e);
        }
    }

    /** How long to wait before attempt {@code attempt + 1}: the provider's Retry-After, else 1 s, 2 s, 4 s … */
    Duration retryAfter(Map<String, List<String>> headers, int attempt) {
        Duration backoff = Duration.ofMillis(Math.min(maxWait.toMillis(), 1000L << Math.min(attempt, 10)));
        String value = header(headers, "retry-after-ms");
        if (value != null) {
            try {
                return cap(Duration.ofMillis((long) Double.parseDouble(value.trim())));
            } catch (NumberFormatException ignored) {
                // fall through to Retry-After
            }
        }
        value = header(headers, "retry-after");
        if (value == null) {
            return backoff;
        }
        try {
            return cap(Duration.ofMillis((long) (Double.parseDouble(value.trim()) * 1000)));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant();
                return cap(Duration.between(Instant.now(), at));
            } catch (java.time.format.DateTimeParseException notADate) {
                return backoff;
            }
        }
    }

    private Duration cap(Duration d) {
        if (d.isNegative()) {
            return Duration.ZERO;
        }
        return d.compareTo(maxWait) > 0 ? maxWait : d;
    }

    private static String header(Map<String, List<String>> headers, String name) {
        for (var e : headers.entrySet()) {
            if (e.getKey() != null
                    && e.getKey().equalsIgnoreCase(name)
                    && !e.getValue().isEmpty()) {
                return e.getValue().getFirst();
            }
        }
        return null;
    }

    private void sleep(Duration wait) {
        long until = System.nanoTime() + wait.toNanos();
        try {
            while (System.nanoTime() < until) {
                if (canceled.getAsBoolean()) {
                    throw io.hetumind.core.spi.NodeException.user("the execution was canceled while waiting to retry");
                }
                alive.run();
                Thread.sleep(Math.min(50, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw io.hetumind.core.spi.NodeException.user("the execution was interrupted while waiting to retry");
        }
    }

    /**
     * A streamed call, on a virtual thread of its own (LangChain4j's streaming models expect the call to return at
     * once): a 429 or 5xx status is retried as {@link #execute(HttpRequest)} retries it; a 2xx answer opens the stream,
     * which the parser reads to its end; after that a failure goes to the listener and is not retried.
     */
    @Override
    public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
        URI uri = URI.create(request.url());
        checkPolicy(uri);
        Thread.ofVirtual().name("model-stream").start(() -> stream(request, uri, parser, listener));
    }

    private void stream(HttpRequest request, URI uri, ServerSentEventParser parser, ServerSentEventListener listener) {
        HttpResponse<java.io.InputStream> response;
        try {
            for (int attempt = 0; ; attempt++) {
                alive.run();
                response = send(request, uri, HttpResponse.BodyHandlers.ofInputStream());
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    break;
                }
                String body;
                try (java.io.InputStream in = response.body()) {
                    body = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                }
                if (!retriable(status) || attempt >= maxRetries) {
                    throw new HttpException(status, body);
                }
                sleep(retryAfter(response.headers().map(), attempt));
            }
        } catch (IOException e) {
            quietly(() -> listener.onError(
                    new UncheckedIOException2("reading the error answer of " + uri.getHost() + " failed: " + e, e)));
            return;
        } catch (RuntimeException e) {
            quietly(() -> listener.onError(e));
            return;
        }
        alive.run();
        HttpResponse<java.io.InputStream> open = response;
        quietly(() -> listener.onOpen(SuccessfulHttpResponse.builder()
                .statusCode(open.statusCode())
                .headers(open.headers().map())
                .build()));
        try (java.io.InputStream in = open.body()) {
            parser.parse(in, listener);
            quietly(listener::onClose);
        } catch (IOException | RuntimeException e) {
            quietly(() -> listener.onError(e));
        }
    }

    /** Listener callbacks run LangChain4j's and the caller's code: a failure there must not kill the stream thread. */
    private static void quietly(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException ignored) {
            // the listener reports its own failures through the handler it was given
        }
    }
}
