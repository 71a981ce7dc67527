package io.hetumind.nodes.data.crypto;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeResources;

/** Crypto v2's HMAC secret and signing key, read from the node's {@code crypto} credential. */
record Secrets(String hmacSecret, String signPrivateKey) {

    /** The secrets the action needs; fails naming the credential field when it is missing. */
    static Secrets fromCredential(NodeResources ctx, String action) {
        if (!action.equals("hmac") && !action.equals("sign")) {
            return new Secrets("", "");
        }
        ObjectNode c = ctx.credentials("crypto")
                .orElseThrow(() -> NodeException.user("credential 'crypto' is required for the " + action + " action"));
        String secret = c.path("hmacSecret").asText("");
        String key = c.path("signPrivateKey").asText("");
        if (action.equals("hmac") && secret.isEmpty()) {
            throw NodeException.user(
                    "No HMAC secret set in credentials. Please add an HMAC secret to your Crypto credentials.");
        }
        if (action.equals("sign") && key.isEmpty()) {
            throw NodeException.user(
                    "No private key set in credentials. Please add a private key to your Crypto credentials.");
        }
        return new Secrets(secret, key);
    }
}
