package io.hetumind.core.engine.internal;

import io.hetumind.core.spi.ResumeLinks;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;

/** {@link ResumeLinks} of one execution: {@code base + token + "/" + node id + "?" + query + "&signature=" + hex}. */
public final class SignedResumeLinks implements ResumeLinks {
    private final String base;
    private final Supplier<String> token;
    private final ResumeTokens tokens;

    public SignedResumeLinks(String base, Supplier<String> token, ResumeTokens tokens) {
        this.base = base;
        this.token = token;
        this.tokens = tokens;
    }

    @Override
    public String signed(String nodeId, Map<String, String> query) {
        StringBuilder link = new StringBuilder(path(token.get(), nodeId));
        char sep = '?';
        for (Map.Entry<String, String> q : query.entrySet()) {
            link.append(sep).append(encode(q.getKey())).append('=').append(encode(q.getValue()));
            sep = '&';
        }
        String signature = tokens.signLink(link.toString());
        return base + link + sep + "signature=" + signature;
    }

    /** The path of {@code nodeId}'s link after the resume base: {@code <token>/<node id, URL-encoded>}. */
    public static String path(String token, String nodeId) {
        return token + "/" + encode(nodeId).replace("+", "%20");
    }

    /**
     * The text a link's signature covers, rebuilt from a request: the path after the resume base and the raw query
     * without its {@code signature} parameters, the others kept as sent and in their order.
     */
    public static String signedPart(String path, String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return path;
        }
        StringBuilder kept = new StringBuilder();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty() || pair.equals("signature") || pair.startsWith("signature=")) {
                continue;
            }
            kept.append(kept.isEmpty() ? "" : "&").append(pair);
        }
        return kept.isEmpty() ? path : path + "?" + kept;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
