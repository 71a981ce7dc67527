package io.hetumind.iam.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;

/** IAM's signing keys ({@code iam.signing_key}): the active one and those retired recently enough to verify. */
@ApplicationScoped
public class SigningKeyRepository {
    private final Pool pool;

    public SigningKeyRepository(Pool pool) {
        this.pool = pool;
    }

    /** Rows of (kid, public_jwk, private_key_enc, created_at, retired_at), oldest first. */
    public Uni<RowSet<Row>> live(Instant retiredAfter) {
        return pool.preparedQuery("SELECT kid, public_jwk, private_key_enc, created_at, retired_at"
                        + " FROM iam.signing_key WHERE retired_at IS NULL OR retired_at > $1 ORDER BY created_at")
                .execute(Tuple.of(retiredAfter.atOffset(ZoneOffset.UTC)));
    }

    /** Retires the active key and stores {@code (kid, public_jwk, private_key_enc)} as the new one, atomically. */
    public Uni<Void> replaceActive(Tuple key) {
        return pool.withTransaction(c -> c.preparedQuery(
                                "UPDATE iam.signing_key SET retired_at = now() WHERE retired_at IS NULL")
                        .execute()
                        .chain(() -> c.preparedQuery("INSERT INTO iam.signing_key"
                                        + " (kid, public_jwk, private_key_enc, created_at) VALUES ($1, $2, $3, now())")
                                .execute(key)))
                .replaceWithVoid();
    }
}
