package io.hetumind.studio.credential;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.spi.Json;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;

/**
 * Seals and opens credential data with the configured master keys, counting every decrypt
 * ({@code hetumind_credential_decrypts_total{type,use,outcome}}). The master keys are checked when this bean is built,
 * which {@link CredentialKeys} forces at start-up.
 */
@ApplicationScoped
public class CredentialVault {
    /** Why data is decrypted: to show it masked, to run a node, to test it, to merge an update. */
    public enum Use {
        api,
        run,
        test,
        update
    }

    private final Envelope envelope;
    private final MeterRegistry meters;

    public CredentialVault(CredentialsConfig config, MeterRegistry meters) {
        this.envelope = new Envelope(MasterKeys.parse(config.masterKeys(), config.activeKey()));
        this.meters = meters;
    }

    Envelope envelope() {
        return envelope;
    }

    public Envelope.Sealed seal(Envelope.Owner owner, ObjectNode data) {
        return envelope.seal(owner, Json.write(data).getBytes(StandardCharsets.UTF_8));
    }

    /** The decrypted data; {@link CredentialUnreadableException} when it does not open (counted as failed). */
    public ObjectNode open(StoredCredential c, Use use) {
        try {
            JsonNode data = Json.parse(new String(envelope.open(c.owner(), c.sealed()), StandardCharsets.UTF_8));
            count(c.type(), use, "ok");
            return (ObjectNode) data;
        } catch (CredentialUnreadableException e) {
            count(c.type(), use, "failed");
            throw e;
        }
    }

    private void count(String type, Use use, String outcome) {
        Counter.builder("hetumind.credential.decrypts")
                .description("Credential records decrypted, by credential type, purpose and outcome")
                .tag("type", type)
                .tag("use", use.name())
                .tag("outcome", outcome)
                .register(meters)
                .increment();
    }
}
