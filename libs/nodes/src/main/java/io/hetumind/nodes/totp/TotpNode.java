package io.hetumind.nodes.totp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.PairedItem;
import io.hetumind.core.spi.CredentialSlot;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.core.spi.PropertySpec;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * TOTP (n8n-nodes-base.totp v1): the current time-based one-time password of the {@code totpApi} credential (RFC 6238,
 * as the otpauth package n8n uses computes it), with the seconds left in its period, once per input item.
 */
public final class TotpNode implements NodeType {

    private static final String[] ALGORITHMS = {
        "SHA1", "SHA224", "SHA256", "SHA3-224", "SHA3-256", "SHA3-384", "SHA3-512", "SHA384", "SHA512"
    };

    private static final NodeDescriptor DESCRIPTOR;

    static {
        PropertySpec.Builder algorithm = PropertySpec.options("algorithm")
                .displayName("Algorithm")
                .description("HMAC hashing algorithm. Defaults to SHA1.")
                .defaultValue("SHA1");
        for (String a : ALGORITHMS) {
            algorithm.option(a, a);
        }
        DESCRIPTOR = NodeDescriptor.builder("hetumind.totp")
                .versions(1)
                .displayName("TOTP")
                .description("Generate a time-based one-time password")
                .group(NodeGroup.DATA)
                .icon("fingerprint")
                .alias("n8n-nodes-base.totp")
                .credential(new CredentialSlot("totpApi", true))
                .property(PropertySpec.options("operation")
                        .displayName("Operation")
                        .noExpression()
                        .option(
                                "generateSecret",
                                "Generate Secret",
                                "Generate a secret with label, valid for a time period")
                        .defaultValue("generateSecret"))
                .property(PropertySpec.collection("options")
                        .displayName("Options")
                        .child(algorithm)
                        .child(PropertySpec.number("digits")
                                .displayName("Digits")
                                .description("Number of digits in the generated TOTP code. Defaults to 6 digits.")
                                .defaultValue(6))
                        .child(PropertySpec.number("period")
                                .displayName("Period")
                                .description("How many seconds the generated TOTP code is valid for. Defaults to 30"
                                        + " seconds.")
                                .defaultValue(30)))
                .build();
    }

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public NodeResult execute(NodeContext ctx) {
        ObjectNode cred = ctx.credentials("totpApi")
                .orElseThrow(() -> NodeException.user("the TOTP node needs a 'totpApi' credential"));
        String label = cred.path("label").asText("");
        if (!label.isEmpty() && !label.contains(":")) {
            throw NodeException.user("Malformed label - expected `issuer:username`");
        }
        String operation = ctx.param("operation", 0, String.class, "generateSecret");
        if (!operation.equals("generateSecret")) {
            throw NodeException.user("parameter 'operation': '" + operation + "' is not supported (generateSecret)");
        }
        // n8n reads the options once, from the first item, and falls back on a missing or zero value
        String algorithm = ctx.param("options.algorithm", 0, String.class, "");
        if (algorithm.isEmpty()) {
            algorithm = "SHA1";
        }
        int digits = ctx.param("options.digits", 0, Double.class, 0.0).intValue();
        digits = digits == 0 ? 6 : digits;
        int period = ctx.param("options.period", 0, Double.class, 0.0).intValue();
        period = period == 0 ? 30 : period;
        if (digits < 1 || digits > 10 || period < 1) {
            throw NodeException.user("parameter 'options': digits must be 1 to 10 and period at least 1 second");
        }
        Instant now = ctx.now();
        String token = token(cred.path("secret").asText(""), algorithm, digits, period, now);
        double seconds = now.toEpochMilli() / 1000.0;
        int secondsRemaining = (int) (period * (1 - ((seconds / period) % 1)));
        List<Item> out = new ArrayList<>();
        for (int i = 0; i < ctx.items().size(); i++) {
            out.add(new Item(
                    Json.object().put("token", token).put("secondsRemaining", secondsRemaining),
                    null,
                    new PairedItem(i, 0)));
        }
        return NodeResult.of(out);
    }

    /** RFC 6238: HOTP of the period number {@code now} falls in, truncated to {@code digits}. */
    static String token(String base32Secret, String algorithm, int digits, int period, Instant now) {
        byte[] key = base32(base32Secret);
        long counter = Math.floorDiv(now.getEpochSecond(), period);
        byte[] message = new byte[8];
        for (int k = 7; k >= 0; k--) {
            message[k] = (byte) (counter & 0xFF);
            counter >>>= 8;
        }
        byte[] hash;
        String mac = "Hmac" + algorithm; // the JDK's names: HmacSHA1 … HmacSHA512, HmacSHA3-224 … HmacSHA3-512
        try {
            Mac hmac = Mac.getInstance(mac);
            // an empty secret is an empty HMAC key, as otpauth allows; SecretKeySpec refuses a zero-length key
            hmac.init(key.length == 0 ? new EmptyKey(mac) : new SecretKeySpec(key, mac));
            hash = hmac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw NodeException.user("parameter 'options.algorithm': " + algorithm + " is not available here");
        }
        int offset = hash[hash.length - 1] & 0x0F;
        long binary = ((hash[offset] & 0x7FL) << 24)
                | ((hash[offset + 1] & 0xFFL) << 16)
                | ((hash[offset + 2] & 0xFFL) << 8)
                | (hash[offset + 3] & 0xFFL);
        long mod = (long) Math.pow(10, digits);
        String code = Long.toString(binary % mod);
        return "0".repeat(Math.max(0, digits - code.length())) + code;
    }

    /** otpauth's base32: padding dropped, any case, a character outside A–Z and 2–7 is an error. */
    static byte[] base32(String text) {
        String s = text;
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '=') {
            end--;
        }
        s = s.substring(0, end).toUpperCase(Locale.ROOT);
        byte[] out = new byte[s.length() * 5 / 8];
        int bits = 0;
        int value = 0;
        int index = 0;
        for (int i = 0; i < s.length(); i++) {
            int idx = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".indexOf(s.charAt(i));
            if (idx < 0) {
                throw NodeException.user("Invalid character found: " + s.charAt(i));
            }
            value = (value << 5) | idx;
            bits += 5;
            if (bits >= 8) {
                out[index++] = (byte) ((value >>> (bits - 8)) & 0xFF);
                bits -= 8;
            }
        }
        return out;
    }

    /** A zero-length HMAC key (SecretKeySpec refuses one), for an empty secret. */
    private record EmptyKey(String algorithm) implements javax.crypto.SecretKey {
        @Override
        public String getAlgorithm() {
            return algorithm;
        }

        @Override
        public String getFormat() {
            return "RAW";
        }

        @Override
        public byte[] getEncoded() {
            return new byte[0];
        }
    }
}
