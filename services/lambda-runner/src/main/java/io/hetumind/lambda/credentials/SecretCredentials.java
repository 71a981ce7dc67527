package io.hetumind.lambda.credentials;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.CredentialRef;
import io.hetumind.core.spi.CredentialDocument;
import io.hetumind.core.spi.CredentialResolver;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/**
 * The credentials of workflow nodes on Lambda: one AWS Secrets Manager secret whose string is the same JSON document
 * as the CLI's credentials file (a credential's id or name → {@code {type, data}}; {@link CredentialDocument}), read
 * when a node first asks for a credential and again once {@code cacheTtl} has passed, so a rotated secret reaches warm
 * environments without a redeploy. Nothing is read at start, so no secret sits in a SnapStart snapshot. Messages name
 * the secret and the entry, never a value; a secret that cannot be read is an operational error (the node may be
 * retried), a malformed one a user error.
 */
public final class SecretCredentials implements CredentialResolver {

    private final SecretsManagerClient client;
    private final String secretId;
    private final long ttlNanos;
    private final LongSupplier clock;
    private volatile Read read;

    private record Read(CredentialDocument document, long atNanos) {}

    public SecretCredentials(SecretsManagerClient client, String secretId, Duration cacheTtl) {
        this(client, secretId, cacheTtl, System::nanoTime);
    }

    SecretCredentials(SecretsManagerClient client, String secretId, Duration cacheTtl, LongSupplier clock) {
        this.client = client;
        this.secretId = secretId;
        this.ttlNanos = cacheTtl.toNanos();
        this.clock = clock;
    }

    @Override
    public Optional<ObjectNode> resolve(CredentialRef ref, String credentialType) {
        if (ref == null || credentialType == null) {
            return Optional.empty();
        }
        return document().resolve(ref, credentialType);
    }

    /** The document, read again when older than the cache time. */
    CredentialDocument document() {
        Read r = read;
        long now = clock.getAsLong();
        if (r != null && now - r.atNanos() < ttlNanos) {
            return r.document();
        }
        synchronized (this) {
            r = read;
            if (r != null && clock.getAsLong() - r.atNanos() < ttlNanos) {
                return r.document();
            }
            Read fresh = new Read(fetch(), clock.getAsLong());
            read = fresh;
            return fresh.document();
        }
    }

    private CredentialDocument fetch() {
        String where = "credentials secret " + secretId;
        String text;
        try {
            text = client.getSecretValue(b -> b.secretId(secretId)).secretString();
        } catch (SecretsManagerException e) {
            String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
            throw NodeException.operational(
                    "cannot read the " + where + ": " + code + " (HTTP " + e.statusCode() + ")", null);
        } catch (SdkException e) {
            throw NodeException.operational(
                    "cannot read the " + where + ": " + e.getClass().getSimpleName(), null);
        }
        if (text == null) {
            throw NodeException.user("the " + where + " holds binary data, not the credentials JSON document");
        }
        JsonNode root;
        try {
            root = Json.reader().readTree(text);
        } catch (JsonProcessingException e) {
            // Jackson's message quotes the text around the error, which may be a secret: say where only.
            String at = e.getLocation() == null
                    ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + ")";
            throw NodeException.user("the " + where + " is not valid JSON" + at);
        }
        try {
            return CredentialDocument.parse(root, where);
        } catch (IllegalArgumentException e) {
            throw NodeException.user(e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "credentials secret " + secretId;
    }

    /** No secret configured: a node that needs a credential is told how to give one. */
    public static final CredentialResolver NONE = new CredentialResolver() {
        @Override
        public Optional<ObjectNode> resolve(CredentialRef ref, String type) {
            if (ref == null || type == null) {
                return Optional.empty();
            }
            throw NodeException.user("the node needs the '" + type + "' credential " + CredentialDocument.describe(ref)
                    + "; the Lambda runner reads credentials from a Secrets Manager secret: set"
                    + " HETUMIND_LAMBDA_CREDENTIALS_SECRET (the SAM template's CredentialsSecretArn)");
        }

        @Override
        public String toString() {
            return "no credentials secret";
        }
    };
}
