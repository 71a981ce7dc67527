package io.hetumind.studio.credential;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Master key rotation: re-wraps the data key of every record still under another master key with the active one (the
 * sealed data is not touched). Runs at start-up ({@code rewrap-at-start}) and on demand through
 * {@code POST /api/v1/credential-keys/rewrap}; replicas may run it at once (rows are claimed with SKIP LOCKED).
 * Building the vault here at start-up is also what refuses to start on a bad master key configuration.
 */
@ApplicationScoped
public class CredentialKeys {
    private static final Logger LOG = Logger.getLogger(CredentialKeys.class);
    private static final int BATCH = 200;

    private final CredentialRepository repo;
    private final CredentialVault vault;
    private final CredentialsConfig config;

    public CredentialKeys(CredentialRepository repo, CredentialVault vault, CredentialsConfig config) {
        this.repo = repo;
        this.vault = vault;
        this.config = config;
    }

    /** What a re-wrap did; {@code unreadable} lists records it could not open (their master key is gone, or altered). */
    public record Rewrap(String activeKey, int rewrapped, List<UUID> unreadable, Map<String, Long> recordsByKey) {}

    void onStart(@Observes StartupEvent start) {
        LOG.infof(
                "credential master keys: active '%s', configured %s",
                vault.envelope().activeKeyId(), vault.envelope().keyIds());
        if (config.rewrapAtStart()) {
            Rewrap r = rewrapAll();
            if (r.rewrapped() > 0 || !r.unreadable().isEmpty()) {
                LOG.infof(
                        "credential data keys re-wrapped under master key '%s': %d, unreadable: %s",
                        r.activeKey(), r.rewrapped(), r.unreadable());
            }
        }
    }

    /** Moves every record it can to the active master key, in batches of their own transactions. */
    public Rewrap rewrapAll() {
        String active = vault.envelope().activeKeyId();
        List<UUID> unreadable = new ArrayList<>();
        int done = 0;
        UUID after = new UUID(0, 0);
        while (true) {
            UUID from = after;
            Batch b = QuarkusTransaction.requiringNew().call(() -> rewrapBatch(active, from));
            done += b.rewrapped();
            unreadable.addAll(b.unreadable());
            if (b.last() == null) {
                break;
            }
            after = b.last();
        }
        return new Rewrap(active, done, List.copyOf(unreadable), repo.countByKey());
    }

    private record Batch(int rewrapped, List<UUID> unreadable, UUID last) {}

    private Batch rewrapBatch(String active, UUID after) {
        List<StoredCredential> rows = repo.lockUnderOtherKeys(active, after, BATCH);
        int n = 0;
        List<UUID> bad = new ArrayList<>();
        for (StoredCredential c : rows) {
            try {
                repo.updateKey(c.id(), vault.envelope().rewrap(c.owner(), c.sealed()));
                n++;
            } catch (CredentialUnreadableException e) {
                LOG.warnf("cannot re-wrap: %s (tenant %s)", e.getMessage(), c.tenantId());
                bad.add(c.id());
            }
        }
        return new Batch(n, bad, rows.isEmpty() ? null : rows.getLast().id());
    }

    public String activeKey() {
        return vault.envelope().activeKeyId();
    }

    public Map<String, Long> recordsByKey() {
        return repo.countByKey();
    }
}
