package io.hetumind.nodes.ai.model;

import dev.langchain4j.exception.HttpException;
import io.hetumind.core.spi.ErrorKind;
import io.hetumind.core.spi.NetworkRefusedException;
import io.hetumind.core.spi.NodeException;

/**
 * Turns a provider call's failure into a node error that says who failed and whose fault it is:
 * HTTP 4xx (but 408/429) and refused addresses are the user's; timeouts, unreachable hosts, 5xx,
 * 429 after the retries and unreadable answers are operational.
 */
public final class ProviderErrors {

    private ProviderErrors() {}

    public static NodeException of(String who, RuntimeException e, int itemIndex) {
        HttpException http = find(e, HttpException.class);
        if (http != null) {
            int status = http.statusCode();
            boolean user = status >= 400 && status < 500 && status != 408 && status != 429;
            return new NodeException(
                    user ? ErrorKind.USER : ErrorKind.OPERATIONAL,
                    who + " answered HTTP " + status + ": " + snippet(http.getMessage()),
                    itemIndex,
                    null,
                    e);
        }
        NetworkRefusedException refused = find(e, NetworkRefusedException.class);
        if (refused != null) {
            return new NodeException(ErrorKind.USER, who + ": " + refused.getMessage(), itemIndex, null, e);
        }
        NodeException node = find(e, NodeException.class);
        if (node != null) {
            return new NodeException(node.kind(), who + ": " + node.getMessage(), itemIndex, node.description(), e);
        }
        if (find(e, dev.langchain4j.exception.TimeoutException.class) != null
                || find(e, java.net.http.HttpTimeoutException.class) != null) {
            return new NodeException(ErrorKind.OPERATIONAL, who + ": " + e.getMessage(), itemIndex, null, e);
        }
        ProviderHttpClient.UncheckedIOException2 io = find(e, ProviderHttpClient.UncheckedIOException2.class);
        if (io != null) {
            return new NodeException(ErrorKind.OPERATIONAL, who + ": " + io.getMessage(), itemIndex, null, e);
        }
        String why = e.getMessage();
        for (Throwable c = e; why == null && c != null; c = c.getCause() == c ? null : c.getCause()) {
            why = c.getMessage() == null ? null : c.getClass().getSimpleName() + ": " + c.getMessage();
        }
        if (why == null) {
            why = e.getClass().getSimpleName();
        }
        return new NodeException(
                ErrorKind.OPERATIONAL,
                who + " gave an answer that could not be read: " + snippet(why),
                itemIndex,
                e.getClass().getName(),
                e);
    }

    private static String snippet(String s) {
        if (s == null) {
            return "";
        }
        return s.length() > 500 ? s.substring(0, 500) + "…" : s;
    }

    private static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }
}
