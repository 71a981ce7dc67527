package io.hetumind.nodes.data.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.BinaryRef;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Node;
import io.hetumind.core.model.PairedItem;
import io.hetumind.core.spi.BinaryStore;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeParameters;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.nodes.internal.Js;
import io.hetumind.nodes.internal.PerItem;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

/** Crypto: hash, HMAC or sign a value or binary file, or generate a random UUID or string. */
public final class CryptoNode implements NodeType {

    private static final NodeDescriptor DESCRIPTOR = CryptoDescriptor.build();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Feeds bytes to a digest or a MAC. */
    private interface Sink {
        void update(byte[] data, int off, int len);
    }

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public NodeResult execute(NodeContext ctx) {
        String action = ctx.param("action", 0, String.class, "hash");
        boolean v2 = ctx.node().typeVersion() >= 2;
        Secrets secrets = v2 ? Secrets.fromCredential(ctx, action) : null;
        return PerItem.map(ctx, (i, item) -> {
            String property = ctx.param("dataPropertyName", i, String.class, "data");
            if (property.isEmpty()) {
                throw NodeException.user("parameter 'dataPropertyName' is empty [item " + i + "]", i);
            }
            Object value;
            boolean binaryUsed = false;
            switch (action) {
                case "generate" -> value = generate(ctx, i);
                case "hash", "hmac" -> {
                    binaryUsed = ctx.param("binaryData", i, Boolean.class, false);
                    value = hashOrHmac(ctx, i, item, action, binaryUsed, secrets);
                }
                case "sign" -> value = sign(ctx, i, secrets);
                default ->
                    throw NodeException.user(
                            "parameter 'action': '" + action + "' is not supported (generate, hash, hmac, sign)", i);
            }
            ObjectNode json = item.json().deepCopy();
            // both versions write the name as one key (lodash set with the path ['json', name]), dots and all
            json.set(property, Json.F.textNode((String) value));
            Map<String, BinaryRef> binary = binaryUsed ? Map.of() : item.binary();
            return List.of(new Item(json, binary, new PairedItem(i, 0)));
        });
    }

    private static String generate(NodeParameters ctx, int i) {
        String encoding = ctx.param("encodingType", i, String.class, "uuid");
        if (encoding.equals("uuid")) {
            return UUID.randomUUID().toString();
        }
        int length = ctx.param("stringLength", i, Integer.class, 32);
        if (length < 0) {
            throw NodeException.user("parameter 'stringLength' must not be negative [item " + i + "]", i);
        }
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        String text =
                switch (encoding) {
                    case "hex" -> HexFormat.of().formatHex(bytes);
                    case "base64" -> Base64.getEncoder().encodeToString(bytes).replaceAll("\\W", "");
                    case "ascii" -> ascii(bytes);
                    default ->
                        throw NodeException.user(
                                "parameter 'encodingType': '" + encoding
                                        + "' is not supported (ascii, base64, hex, uuid)",
                                i);
                };
        return text.substring(0, Math.min(length, text.length()));
    }

    /** Node's {@code buffer.toString('ascii')}: the low seven bits of each byte. */
    private static String ascii(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length);
        for (byte b : bytes) {
            sb.append((char) (b & 0x7f));
        }
        return sb.toString();
    }

    private static String hashOrHmac(NodeContext ctx, int i, Item item, String action, boolean binary, Secrets secrets)
            throws Exception {
        String fallback = secrets == null ? "MD5" : "SHA256";
        String type = ctx.rawParam("type") == null ? fallback : ctx.param("type", i, String.class, fallback);
        Digest digest = Digests.create(type);
        if (digest == null) {
            throw NodeException.user(
                    "parameter 'type': '" + type + "' is not supported (" + String.join(", ", Digests.HASH_TYPES)
                            + ") [item " + i + "]",
                    i);
        }
        byte[] out;
        Sink sink;
        HMac mac = null;
        if (action.equals("hmac")) {
            mac = new HMac(digest);
            String secret = secrets != null ? secrets.hmacSecret() : ctx.param("secret", i, String.class, "");
            mac.init(new KeyParameter(secret.getBytes(StandardCharsets.UTF_8)));
            sink = mac::update;
        } else {
            sink = digest::update;
        }
        if (binary) {
            feedBinary(ctx, i, item, sink);
        } else {
            byte[] data = valueBytes(ctx, i);
            sink.update(data, 0, data.length);
        }
        if (mac != null) {
            out = new byte[mac.getMacSize()];
            mac.doFinal(out, 0);
        } else {
            out = new byte[digest.getDigestSize()];
            digest.doFinal(out, 0);
        }
        return encode(ctx, i, out);
    }

    /**
     * The value to hash: Node's {@code hash.update(value)} takes a string only, so a number, boolean, object, null or
     * undefined (an expression that resolved to one) fails with Node's own argument-type error, as in n8n.
     */
    private static byte[] valueBytes(NodeParameters ctx, int i) {
        JsonNode value = ctx.rawParam("value") == null ? Json.F.textNode("") : ctx.paramTree("value", i);
        if (value != null && value.isTextual()) {
            return value.textValue().getBytes(StandardCharsets.UTF_8);
        }
        throw NodeException.user(
                "The \"data\" argument must be of type string or an instance of Buffer, TypedArray, or DataView."
                        + " Received " + received(value),
                i);
    }

    /** How Node's ERR_INVALID_ARG_TYPE names the value it got. */
    private static String received(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "undefined";
        }
        if (value.isNull()) {
            return "null";
        }
        if (value.isNumber()) {
            return "type number (" + Js.numberToString(value.doubleValue()) + ")";
        }
        if (value.isBoolean()) {
            return "type boolean (" + value.booleanValue() + ")";
        }
        return value.isArray() ? "an instance of Array" : "an instance of Object";
    }

    private static void feedBinary(NodeContext ctx, int i, Item item, Sink sink) throws Exception {
        String name = ctx.param("binaryPropertyName", i, String.class, "data");
        BinaryRef ref = item.binary().get(name);
        if (ref == null) {
            throw NodeException.user(
                    "This operation expects the node's input data to contain a binary file '" + name
                            + "', but none was found [item " + i + "]",
                    i);
        }
        BinaryStore store = ctx.service(BinaryStore.class)
                .orElseThrow(() -> NodeException.user("no binary store is configured on this host", i));
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = store.open(ref)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                sink.update(buf, 0, n);
            }
        }
    }

    private static String sign(NodeContext ctx, int i, Secrets secrets) {
        String algorithm = ctx.param("algorithm", i, String.class, "RSA-SHA256");
        if (secrets != null && Digests.isMd4(algorithm)) {
            throw NodeException.user(
                    "parameter 'algorithm': '" + algorithm + "' is not supported from version 2 [item " + i + "]", i);
        }
        String key = secrets != null ? secrets.signPrivateKey() : ctx.param("privateKey", i, String.class, "");
        if (key.isBlank()) {
            throw NodeException.user("parameter 'privateKey' is empty [item " + i + "]", i);
        }
        byte[] data = ctx.param("value", i, String.class, "").getBytes(StandardCharsets.UTF_8);
        try {
            return encode(ctx, i, PemSigner.sign(algorithm, key, data));
        } catch (IllegalArgumentException e) {
            String where = e.getMessage().contains("algorithm")
                    ? "parameter 'algorithm'"
                    : secrets != null ? "credential 'crypto' (signPrivateKey)" : "parameter 'privateKey'";
            throw NodeException.user(where + ": " + e.getMessage() + " [item " + i + "]", i);
        }
    }

    private static String encode(NodeParameters ctx, int i, byte[] bytes) {
        String encoding = ctx.param("encoding", i, String.class, "hex");
        return switch (encoding) {
            case "hex" -> HexFormat.of().formatHex(bytes);
            case "base64" -> Base64.getEncoder().encodeToString(bytes);
            default ->
                throw NodeException.user(
                        "parameter 'encoding': '" + encoding + "' is not supported (hex, base64) [item " + i + "]", i);
        };
    }

    @Override
    public boolean replaySafe(Node node) {
        return true;
    }
}
