package io.hetumind.studio.designer;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Content negotiation of a fixed body's encoding ({@code Accept-Encoding}, RFC 9110 §12.5.3) and its validators: the
 * designer's files and the node catalog, both compressed ahead of time.
 */
public final class Encodings {
    public static final String IDENTITY = "identity";
    public static final String GZIP = "gzip";
    public static final String BROTLI = "br";

    private Encodings() {}

    /** One body and whichever encoded forms of it exist (null when absent or not smaller). */
    public record Variants(String hash, byte[] identity, byte[] gzip, byte[] brotli) {
        public static Variants of(byte[] identity, byte[] gzip, byte[] brotli) {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity);
                return new Variants(HexFormat.of().formatHex(digest, 0, 12), identity, gzip, brotli);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        public byte[] bytes(String encoding) {
            return switch (encoding) {
                case GZIP -> gzip;
                case BROTLI -> brotli;
                default -> identity;
            };
        }

        /** The encodings there are besides identity, smallest first. */
        public List<String> encodings() {
            if (gzip != null && brotli != null) {
                return List.of(BROTLI, GZIP);
            }
            return brotli != null ? List.of(BROTLI) : gzip != null ? List.of(GZIP) : List.of();
        }

        /**
         * A strong validator per representation: the content hash, suffixed by the encoding (RFC 9110 §8.8.3: the
         * gzip and brotli bodies are different representations of the same resource).
         */
        public String etag(String encoding) {
            return IDENTITY.equals(encoding) ? "\"" + hash + "\"" : "\"" + hash + "-" + encoding + "\"";
        }
    }

    /**
     * The encoding to send, of {@code available} (best first) and identity: the one the client weighs highest, ties
     * going to the smaller (the order of {@code available}, then identity). Identity the header does not weigh (nor
     * through {@code *}) is acceptable but last, as in every browser's {@code gzip, deflate, br}. No header means
     * identity: the RFC would allow anything, but a client that says nothing may not decode. A coding with {@code q=0}
     * is refused; {@code *} stands for every coding not named. When even identity is refused and nothing else fits,
     * identity is still sent (the RFC allows ignoring the header rather than answering 406, and a page is better than
     * an error).
     */
    public static String choose(String acceptEncoding, List<String> available) {
        if (acceptEncoding == null || available.isEmpty()) {
            return IDENTITY;
        }
        String best = IDENTITY;
        Double identity = stated(acceptEncoding, IDENTITY);
        double bestQ = identity == null ? Double.MIN_VALUE : identity;
        for (int i = available.size() - 1; i >= 0; i--) {
            String coding = available.get(i);
            double q = weight(acceptEncoding, coding);
            if (q > 0 && q >= bestQ) {
                best = coding;
                bestQ = q;
            }
        }
        return best;
    }

    /**
     * The weight the header gives {@code coding}: its own entry, else {@code *}'s, else 1 for identity (always
     * acceptable unless refused) and 0 for others.
     */
    static double weight(String acceptEncoding, String coding) {
        Double q = stated(acceptEncoding, coding);
        return q != null ? q : coding.equals(IDENTITY) ? 1 : 0;
    }

    /** The weight the header states for {@code coding}, by name or through {@code *}; null when it says nothing. */
    private static Double stated(String acceptEncoding, String coding) {
        Double own = null;
        Double star = null;
        for (String part : acceptEncoding.split(",")) {
            String[] bits = part.split(";");
            String name = bits[0].strip().toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                continue;
            }
            double q = 1;
            for (int k = 1; k < bits.length; k++) {
                String param = bits[k].strip();
                if (param.length() > 2 && (param.startsWith("q=") || param.startsWith("Q="))) {
                    try {
                        q = Math.clamp(Double.parseDouble(param.substring(2).strip()), 0, 1);
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                }
            }
            if (name.equals(coding) || (coding.equals(GZIP) && name.equals("x-gzip"))) {
                own = own == null ? q : Math.max(own, q);
            } else if (name.equals("*")) {
                star = q;
            }
        }
        return own != null ? own : star;
    }

    /**
     * Whether {@code If-None-Match} names {@code etag} (weak comparison, as RFC 9110 §13.1.2 asks for this header) or
     * is {@code *}.
     */
    public static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        String want = opaque(etag);
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.strip();
            if (t.equals("*") || opaque(t).equals(want)) {
                return true;
            }
        }
        return false;
    }

    private static String opaque(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }
}
