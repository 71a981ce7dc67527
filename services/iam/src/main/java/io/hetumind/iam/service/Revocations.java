package io.hetumind.iam.service;

import io.hetumind.iam.config.IamConfig;
import io.hetumind.iam.repository.RevokedTokenRepository;
import io.hetumind.platform.security.RevocationList;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Ends access tokens before they expire: stores the jti or session id (the database announces it to every verifying
 * service) and adds it to this replica's list at once.
 */
@ApplicationScoped
public class Revocations {
    private final RevokedTokenRepository revoked;
    private final RevocationList list;
    private final IamConfig config;

    public Revocations(RevokedTokenRepository revoked, RevocationList list, IamConfig config) {
        this.revoked = revoked;
        this.list = list;
        this.config = config;
    }

    /** Revokes every access token carrying {@code id} as jti or sid; runs in the caller's transaction. */
    public Uni<Void> revoke(UUID id) {
        // Kept until any token naming it has expired, with a minute for clock skew.
        Instant until = Instant.now().plus(config.accessTokenTtl()).plusSeconds(60);
        list.add(id, until);
        return revoked.revoke(id, until);
    }

    /** Revokes each of {@code ids}, one after another (a session list is short). */
    public Uni<Void> revokeAll(List<UUID> ids) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (UUID id : ids) {
            chain = chain.chain(() -> revoke(id));
        }
        return chain;
    }
}
