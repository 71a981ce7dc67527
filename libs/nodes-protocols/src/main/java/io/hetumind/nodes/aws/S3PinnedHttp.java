package io.hetumind.nodes.aws;

import io.hetumind.core.spi.NodeContext;
import io.hetumind.nodes.http.HttpCall;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.IntSupplier;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullResponse;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * The AWS SDK's HTTP client for the S3 node: every request goes through {@link HttpCall}, the HTTP
 * Request node's transport, so the endpoint is resolved and checked by the host's network policy
 * and the connection goes to that very address (TLS still verifies the host name). The SDK signs
 * the request first; this only moves the bytes.
 */
final class S3PinnedHttp implements SdkHttpClient {

    /** Headers the transport writes itself (or must not forward). */
    private static final Set<String> SKIPPED =
            Set.of("host", "content-length", "expect", "transfer-encoding", "connection");

    private final NodeContext ctx;
    private final IntSupplier item;
    private final Duration timeout;
    private final boolean insecure;

    S3PinnedHttp(NodeContext ctx, IntSupplier item, Duration timeout, boolean insecure) {
        this.ctx = ctx;
        this.item = item;
        this.timeout = timeout;
        this.insecure = insecure;
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() throws IOException {
                SdkHttpRequest r = request.httpRequest();
                HttpCall call = HttpCall.of(
                                ctx,
                                item.getAsInt(),
                                "AWS S3",
                                r.method().name(),
                                r.getUri().toString())
                        .timeout(timeout)
                        .insecure(insecure);
                for (Map.Entry<String, List<String>> h : r.headers().entrySet()) {
                    if (!SKIPPED.contains(h.getKey().toLowerCase(Locale.ROOT))
                            && !h.getValue().isEmpty()) {
                        call.header(h.getKey(), String.join(",", h.getValue()));
                    }
                }
                if (request.contentStreamProvider().isPresent()) {
                    try (InputStream in = request.contentStreamProvider().get().newStream()) {
                        call.raw(in.readAllBytes());
                    }
                }
                HttpCall.Reply reply;
                try {
                    reply = call.send();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted");
                }
                SdkHttpFullResponse.Builder response =
                        SdkHttpFullResponse.builder().statusCode(reply.status());
                reply.headers().forEach(response::putHeader);
                return HttpExecuteResponse.builder()
                        .response(response.build())
                        .responseBody(AbortableInputStream.create(new ByteArrayInputStream(reply.body())))
                        .build();
            }

            @Override
            public void abort() {
                // the transport's own deadline bounds the call
            }
        };
    }

    @Override
    public String clientName() {
        return "HetumindPinned";
    }

    @Override
    public void close() {
        // the transport's pooled clients are shared
    }
}
