package io.hetumind.iam.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Failed sign-ins per e-mail address ({@code iam.signin_throttle}); shared by every replica. */
@ApplicationScoped
public class SigninThrottleRepository {
    private final Pool pool;

    public SigninThrottleRepository(Pool pool) {
        this.pool = pool;
    }

    /** Until when sign-ins to {@code key} from unknown devices are refused, or null. */
    public Uni<Instant> blockedUntil(String key) {
        return pool.preparedQuery(
                        "SELECT blocked_until FROM iam.signin_throttle WHERE key = $1 AND blocked_until > now()")
                .execute(Tuple.of(key))
                .map(rows -> {
                    RowIterator<Row> it = rows.iterator();
                    return it.hasNext() ? it.next().getOffsetDateTime(0).toInstant() : null;
                });
    }

    /** Counts a failure and returns the count; failures older than {@code reset} are forgotten first. */
    public Uni<Integer> failed(String key, Duration reset) {
        return pool.preparedQuery(
                        "INSERT INTO iam.signin_throttle AS t (key, failures, updated_at) VALUES ($1, 1, now())"
                                + " ON CONFLICT (key) DO UPDATE SET updated_at = now(), failures = CASE"
                                + " WHEN t.updated_at < now() - make_interval(secs => $2) THEN 1 ELSE t.failures + 1 END"
                                + " RETURNING failures")
                .execute(Tuple.of(key, (double) reset.toSeconds()))
                .map(rows -> rows.iterator().next().getInteger(0));
    }

    public Uni<Void> block(String key, Instant until) {
        return pool.preparedQuery("UPDATE iam.signin_throttle SET blocked_until = $2 WHERE key = $1")
                .execute(Tuple.of(key, until.atOffset(ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    public Uni<Void> clear(String key) {
        return pool.preparedQuery("DELETE FROM iam.signin_throttle WHERE key = $1")
                .execute(Tuple.of(key))
                .replaceWithVoid();
    }

    /** Forgets addresses with no failure for {@code reset} and no refusal in force. */
    public Uni<Integer> purge(Duration reset) {
        OffsetDateTime before = Instant.now().minus(reset).atOffset(ZoneOffset.UTC);
        return pool.preparedQuery("DELETE FROM iam.signin_throttle WHERE updated_at < $1"
                        + " AND (blocked_until IS NULL OR blocked_until < now())")
                .execute(Tuple.of(before))
                .map(rows -> rows.rowCount());
    }
}
