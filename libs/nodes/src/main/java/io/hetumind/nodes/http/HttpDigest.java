package io.hetumind.nodes.http;

import io.hetumind.core.spi.NodeException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * HTTP Digest access authentication, the client side of RFC 7616 (and RFC 2617/2069 servers): reads the server's
 * {@code WWW-Authenticate: Digest …} challenge and answers it for one request. Algorithms MD5 (the default),
 * SHA-256 and SHA-512-256, each also {@code -sess}; {@code qop} auth (preferred) or auth-int, or none for RFC 2069
 * servers; {@code userhash}; {@code opaque} echoed. The password never leaves this class.
 */
final class HttpDigest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final List<String> PREFERENCE = List.of("SHA-512-256", "SHA-256", "MD5");

    /** One Digest challenge and the nonce count used with it so far. */
    static final class Challenge {
        final Map<String, String> params;
        final String algorithm;
        private final AtomicInteger count = new AtomicInteger();

        private Challenge(Map<String, String> params, String algorithm) {
            this.params = params;
            this.algorithm = algorithm;
        }
    }

    private HttpDigest() {}

    /**
     * The strongest Digest challenge among {@code values} (the WWW-Authenticate headers of a 401), or null when
     * there is none; a Digest challenge with only algorithms this client lacks is a user error naming them.
     */
    static Challenge challenge(List<String> values, int item) {
        List<Map<String, String>> digests = new ArrayList<>();
        for (String value : values) {
            for (Map<String, String> c : parse(value)) {
                if ("digest".equals(c.get(" scheme"))) {
                    digests.add(c);
                }
            }
        }
        if (digests.isEmpty()) {
            return null;
        }
        Challenge best = null;
        int rank = Integer.MAX_VALUE;
        List<String> unsupported = new ArrayList<>();
        for (Map<String, String> c : digests) {
            String algorithm = c.getOrDefault("algorithm", "MD5").toUpperCase(Locale.ROOT);
            String base = algorithm.endsWith("-SESS") ? algorithm.substring(0, algorithm.length() - 5) : algorithm;
            int r = PREFERENCE.indexOf(base);
            if (r < 0 || c.get("nonce") == null) {
                unsupported.add(c.get("nonce") == null ? algorithm + " without a nonce" : algorithm);
            } else if (r < rank) {
                best = new Challenge(c, algorithm);
                rank = r;
            }
        }
        if (best == null) {
            throw NodeException.user(
                    "the server's Digest challenge cannot be answered: " + String.join(", ", unsupported)
                            + " (supported: MD5, SHA-256, SHA-512-256 and their -sess forms) [item " + item + "]",
                    item);
        }
        return best;
    }

    /** The Authorization header answering {@code c} for this request. */
    static String authorization(Challenge c, String user, String password, String method, URI uri, byte[] body) {
        return authorization(
                c, user, password, method, uri, body, HexFormat.of().formatHex(bytes(16)));
    }

    /** The same with a given client nonce (tests check RFC 7616's examples with it). */
    static String authorization(
            Challenge c, String user, String password, String method, URI uri, byte[] body, String cnonce) {
        Map<String, String> p = c.params;
        String realm = p.getOrDefault("realm", "");
        String nonce = p.get("nonce");
        String base = c.algorithm.endsWith("-SESS") ? c.algorithm.substring(0, c.algorithm.length() - 5) : c.algorithm;
        String javaName =
                switch (base) {
                    case "SHA-256" -> "SHA-256";
                    case "SHA-512-256" -> "SHA-512/256";
                    default -> "MD5";
                };
        List<String> offered = new ArrayList<>();
        for (String q : p.getOrDefault("qop", "").split(",")) {
            if (!q.isBlank()) {
                offered.add(q.strip().toLowerCase(Locale.ROOT));
            }
        }
        String qop = offered.contains("auth") ? "auth" : offered.contains("auth-int") ? "auth-int" : null;
        String nc = String.format("%08x", c.count.incrementAndGet());
        String target = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            target += "?" + uri.getRawQuery();
        }
        String ha1 = h(javaName, user + ":" + realm + ":" + password);
        if (c.algorithm.endsWith("-SESS")) {
            ha1 = h(javaName, ha1 + ":" + nonce + ":" + cnonce);
        }
        String a2 = method + ":" + target;
        if ("auth-int".equals(qop)) {
            a2 += ":" + h(javaName, body == null ? new byte[0] : body);
        }
        String ha2 = h(javaName, a2);
        String response = qop == null
                ? h(javaName, ha1 + ":" + nonce + ":" + ha2)
                : h(javaName, ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":" + qop + ":" + ha2);
        boolean userhash = "true".equalsIgnoreCase(p.get("userhash"));
        StringBuilder out = new StringBuilder("Digest ");
        out.append("username=").append(quoted(userhash ? h(javaName, user + ":" + realm) : user));
        out.append(", realm=").append(quoted(realm));
        out.append(", nonce=").append(quoted(nonce));
        out.append(", uri=").append(quoted(target));
        if (p.containsKey("algorithm")) {
            out.append(", algorithm=").append(p.get("algorithm"));
        }
        out.append(", response=").append(quoted(response));
        if (qop != null) {
            out.append(", qop=")
                    .append(qop)
                    .append(", nc=")
                    .append(nc)
                    .append(", cnonce=")
                    .append(quoted(cnonce));
        }
        if (p.containsKey("opaque")) {
            out.append(", opaque=").append(quoted(p.get("opaque")));
        }
        if (userhash) {
            out.append(", userhash=true");
        }
        return out.toString();
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private static String h(String algorithm, String text) {
        return h(algorithm, text.getBytes(StandardCharsets.UTF_8));
    }

    private static String h(String algorithm, byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String quoted(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /**
     * The challenges of one WWW-Authenticate value (RFC 7235: {@code scheme param=value, param="quoted", Scheme2 …}),
     * each a map of lower-case parameter names with {@code " scheme"} for the lower-case scheme.
     */
    static List<Map<String, String>> parse(String header) {
        List<Map<String, String>> out = new ArrayList<>();
        Map<String, String> current = null;
        int i = 0;
        int n = header.length();
        while (i < n) {
            while (i < n && (header.charAt(i) == ',' || Character.isWhitespace(header.charAt(i)))) {
                i++;
            }
            int start = i;
            while (i < n
                    && header.charAt(i) != '='
                    && header.charAt(i) != ','
                    && !Character.isWhitespace(header.charAt(i))) {
                i++;
            }
            if (start == i) {
                i++; // a stray '=' (the end of a token68)
                continue;
            }
            String token = header.substring(start, i);
            int j = i;
            while (j < n && Character.isWhitespace(header.charAt(j))) {
                j++;
            }
            if (j < n && header.charAt(j) == '=') {
                int k = j + 1;
                while (k < n && Character.isWhitespace(header.charAt(k))) {
                    k++;
                }
                if (current == null || k >= n || header.charAt(k) == '=' || header.charAt(k) == ',') {
                    // a token68 ("abc==") or a stray parameter: skipped
                    while (i < n && header.charAt(i) != ',') {
                        i++;
                    }
                    continue;
                }
                // a parameter of the current challenge
                i = j + 1;
                while (i < n && Character.isWhitespace(header.charAt(i))) {
                    i++;
                }
                StringBuilder value = new StringBuilder();
                if (i < n && header.charAt(i) == '"') {
                    i++;
                    while (i < n && header.charAt(i) != '"') {
                        if (header.charAt(i) == '\\' && i + 1 < n) {
                            i++;
                        }
                        value.append(header.charAt(i++));
                    }
                    i++;
                } else {
                    while (i < n && header.charAt(i) != ',') {
                        value.append(header.charAt(i++));
                    }
                }
                current.put(token.toLowerCase(Locale.ROOT), value.toString().strip());
            } else {
                // a new challenge's scheme (a token68 after it is skipped)
                current = new LinkedHashMap<>();
                current.put(" scheme", token.toLowerCase(Locale.ROOT));
                out.add(current);
                i = j;
            }
        }
        return out;
    }
}
