package io.hetumind.nodes.jwt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Node;
import io.hetumind.core.model.OnError;
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
import java.util.ArrayList;
import java.util.List;

/**
 * JWT (n8n-nodes-base.jwt v1): sign a payload, verify a token, or decode one unverified, with the {@code jwtAuth}
 * credential (a passphrase, or PEM keys) as n8n's node uses jsonwebtoken. See {@link Jws} for the token rules.
 */
public final class JwtNode implements NodeType {

    private static final String[] ALGORITHMS = {
        "ES256", "ES384", "ES512", "HS256", "HS384", "HS512", "PS256", "PS384", "PS512", "RS256", "RS384", "RS512",
        "none"
    };

    private static final NodeDescriptor DESCRIPTOR;

    static {
        PropertySpec.Builder algorithm = PropertySpec.options("algorithm")
                .displayName("Override Algorithm")
                .description("The algorithm to use instead of the credential's");
        for (String a : ALGORITHMS) {
            algorithm.option(a, a);
        }
        algorithm.defaultValue("HS256");
        DESCRIPTOR = NodeDescriptor.builder("hetumind.jwt")
                .versions(1)
                .displayName("JWT")
                .description("JWT")
                .group(NodeGroup.DATA)
                .icon("key")
                .alias("n8n-nodes-base.jwt")
                .credential(new CredentialSlot("jwtAuth", true))
                .property(PropertySpec.options("operation")
                        .displayName("Operation")
                        .noExpression()
                        .option("decode", "Decode", "Decode a JWT without checking its signature")
                        .option("sign", "Sign", "Creates and signs a JWT")
                        .option("verify", "Verify", "Verifies a JWT's signature and claims")
                        .defaultValue("sign"))
                .property(PropertySpec.bool("useJson")
                        .displayName("Use JSON to Build Payload")
                        .showWhen("operation", "sign"))
                .property(PropertySpec.collection("claims")
                        .displayName("Payload Claims")
                        .placeholder("Add Claim")
                        .child(PropertySpec.string("audience").displayName("Audience"))
                        .child(PropertySpec.number("expiresIn")
                                .displayName("Expires In")
                                .defaultValue(3600))
                        .child(PropertySpec.string("issuer").displayName("Issuer"))
                        .child(PropertySpec.string("jwtid").displayName("JWT ID"))
                        .child(PropertySpec.number("notBefore")
                                .displayName("Not Before")
                                .defaultValue(0))
                        .child(PropertySpec.string("subject").displayName("Subject"))
                        .showWhen("operation", "sign")
                        .showWhen("useJson", false))
                .property(PropertySpec.json("claimsJson")
                        .displayName("Payload Claims (JSON)")
                        .defaultValue("{\n  \"my_field_1\": \"value 1\",\n  \"my_field_2\": \"value 2\"\n}\n")
                        .showWhen("operation", "sign")
                        .showWhen("useJson", true))
                .property(PropertySpec.string("token")
                        .displayName("Token")
                        .required()
                        .showWhen("operation", "verify", "decode"))
                .property(PropertySpec.collection("options")
                        .displayName("Options")
                        .child(PropertySpec.bool("complete")
                                .displayName("Return Additional Info")
                                .description("Whether to return the header and signature as well (decode, verify)"))
                        .child(PropertySpec.bool("ignoreExpiration")
                                .displayName("Ignore Expiration")
                                .description("Whether to ignore the expiration of the token (verify)"))
                        .child(PropertySpec.bool("ignoreNotBefore")
                                .displayName("Ignore Not Before Claim")
                                .description("Whether to ignore the not before claim of the token (verify)"))
                        .child(PropertySpec.number("clockTolerance")
                                .displayName("Clock Tolerance")
                                .description("Seconds to tolerate when checking the nbf and exp claims (verify)"))
                        .child(PropertySpec.string("kid")
                                .displayName("Key ID")
                                .description("The kid (key ID) header of the signed token (sign)"))
                        .child(algorithm))
                .build();
    }

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public NodeResult execute(NodeContext ctx) {
        String operation = ctx.param("operation", 0, String.class, "sign");
        if (!List.of("sign", "verify", "decode").contains(operation)) {
            throw NodeException.user(
                    "parameter 'operation': '" + operation + "' is not supported (decode, sign," + " verify)");
        }
        ObjectNode cred = ctx.credentials("jwtAuth")
                .orElseThrow(() -> NodeException.user("the JWT node needs a 'jwtAuth' credential"));
        List<Item> items = ctx.items();
        List<Item> out = new ArrayList<>();
        List<Item> errors = new ArrayList<>();
        boolean inline = ctx.onError() == OnError.CONTINUE;
        for (int i = 0; i < items.size(); i++) {
            try {
                ObjectNode json =
                        switch (operation) {
                            case "sign" -> sign(ctx, cred, i);
                            case "verify" -> verify(ctx, cred, i);
                            default -> decode(ctx, i);
                        };
                out.add(new Item(json, null, new PairedItem(i, 0)));
            } catch (NodeException e) {
                if (!ctx.continueOnFail()) {
                    throw e;
                }
                // n8n passes the input item's JSON on with the error beside it
                (inline ? out : errors).add(new Item(items.get(i).json(), null, new PairedItem(i, 0)));
            }
        }
        return NodeResult.withErrors(List.of(out), errors);
    }

    /**
     * {@code payload} signed with a {@code jwtAuth} credential's key and algorithm, {@code iat} added as
     * jsonwebtoken's {@code sign} adds it (Respond to Webhook's JWT Token).
     *
     * @throws IllegalArgumentException saying why it cannot be signed
     */
    public static String signWithCredential(ObjectNode payload, ObjectNode cred, java.time.Instant now) {
        String algorithm = cred.path("algorithm").asText("HS256");
        if (!List.of(ALGORITHMS).contains(algorithm)) {
            throw new IllegalArgumentException("\"" + algorithm + "\" is not a valid algorithm");
        }
        try {
            return Jws.sign(payload.deepCopy(), algorithm, "", Jws.signingKey(cred, algorithm), now);
        } catch (Jws.JwtError e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static ObjectNode sign(NodeContext ctx, ObjectNode cred, int i) {
        JsonNode payload;
        if (ctx.param("useJson", i, Boolean.class, false)) {
            JsonNode raw = ctx.paramTree("claimsJson", i);
            payload = raw != null && raw.isTextual() ? parseClaims(raw.textValue(), i) : raw;
        } else {
            JsonNode claims = ctx.paramTree("claims", i);
            payload = claims == null || claims.isNull() ? Json.object() : claims;
        }
        if (!(payload instanceof ObjectNode claims)) {
            throw NodeException.user("parameter 'claimsJson': the payload must be a JSON object [item " + i + "]", i);
        }
        String algorithm = algorithm(ctx, cred, i);
        String kid = ctx.param("options.kid", i, String.class, "");
        try {
            String token = Jws.sign(claims.deepCopy(), algorithm, kid, Jws.signingKey(cred, algorithm), ctx.now());
            return Json.object().put("token", token);
        } catch (Jws.JwtError e) {
            throw NodeException.user(e.getMessage(), i);
        }
    }

    private static ObjectNode verify(NodeContext ctx, ObjectNode cred, int i) {
        String token = token(ctx, i);
        String algorithm = algorithm(ctx, cred, i);
        try {
            return Jws.verify(
                    token,
                    algorithm,
                    Jws.verificationKey(cred, algorithm),
                    ctx.param("options.ignoreExpiration", i, Boolean.class, false),
                    ctx.param("options.ignoreNotBefore", i, Boolean.class, false),
                    ctx.param("options.clockTolerance", i, Double.class, 0.0),
                    ctx.param("options.complete", i, Boolean.class, false),
                    ctx.now());
        } catch (Jws.JwtError e) {
            String message =
                    e.getMessage().equals("invalid signature") ? "The JWT token can't be verified" : e.getMessage();
            throw NodeException.user(message, i);
        }
    }

    private static ObjectNode decode(NodeContext ctx, int i) {
        return Jws.decode(token(ctx, i), ctx.param("options.complete", i, Boolean.class, false));
    }

    private static String token(NodeContext ctx, int i) {
        String token = ctx.param("token", i, String.class, "");
        if (token.isEmpty()) {
            throw NodeException.user("The JWT token was not provided [item " + i + "]", i);
        }
        return token;
    }

    private static String algorithm(NodeContext ctx, ObjectNode cred, int i) {
        String a = ctx.rawParam("options.algorithm") != null
                ? ctx.param("options.algorithm", i, String.class, "HS256")
                : cred.path("algorithm").asText("HS256");
        if (!List.of(ALGORITHMS).contains(a)) {
            throw NodeException.user("\"" + a + "\" is not a valid algorithm [item " + i + "]", i);
        }
        return a;
    }

    private static JsonNode parseClaims(String text, int i) {
        try {
            return Json.parse(text);
        } catch (RuntimeException e) {
            throw NodeException.user("parameter 'claimsJson': the payload is not valid JSON [item " + i + "]", i);
        }
    }

    @Override
    public boolean replaySafe(Node node) {
        return true;
    }
}
