package io.hetumind.nodes.http;

import io.hetumind.core.model.Item;
import io.hetumind.core.spi.ErrorKind;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** HTTP Request: one request per input item with java.net.http; failed statuses become node errors. */
public final class HttpRequestNode implements NodeType {

    private static final NodeDescriptor DESCRIPTOR = HttpRequestDescriptor.build();

    /** Built on first use: creating an HttpClient starts TLS machinery most CLI runs never need. */
    private static final class Clients {
        static final HttpClient FOLLOW = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(30))
                .build();
        static final HttpClient NO_FOLLOW = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(30))
                .build();
    }

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public NodeResult execute(NodeContext ctx) throws InterruptedException {
        List<Item> out = new ArrayList<>();
        List<Item> items = ctx.items();
        for (int i = 0; i < items.size() && !ctx.canceled(); i++) {
            out.addAll(one(ctx, i));
        }
        return NodeResult.of(out);
    }

    private static List<Item> one(NodeContext ctx, int i) throws InterruptedException {
        HttpRequest request = new HttpRequestBuilder(ctx, i).build();
        boolean follow = ctx.param("options.redirect.redirect.followRedirects", i, Boolean.class, true);
        boolean neverError = ctx.param("options.response.response.neverError", i, Boolean.class, false);
        HttpResponseReader reader = new HttpResponseReader(
                ctx.param("options.response.response.responseFormat", i, String.class, "autodetect"),
                ctx.param("options.response.response.fullResponse", i, Boolean.class, false),
                ctx.param("options.lowercaseHeaders", i, Boolean.class, true),
                ctx.param("options.response.response.outputPropertyName", i, String.class, "data"));
        HttpResponse<String> response;
        try {
            response =
                    (follow ? Clients.FOLLOW : Clients.NO_FOLLOW).send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new NodeException(
                    ErrorKind.OPERATIONAL,
                    "Timeout of " + request.timeout().map(Duration::toMillis).orElse(0L) + "ms exceeded for "
                            + request.method() + " " + request.uri() + " [item " + i + "]",
                    i,
                    null,
                    e);
        } catch (IOException e) {
            throw new NodeException(
                    ErrorKind.OPERATIONAL,
                    "The connection to " + request.uri().getHost() + " failed: " + e.getMessage() + " [item " + i + "]",
                    i,
                    null,
                    e);
        }
        if (response.statusCode() >= 400 && !neverError) {
            throw HttpStatus.error(response.statusCode(), response.body(), i);
        }
        return reader.read(response, i);
    }
}
