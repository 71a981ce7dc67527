package io.hetumind.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hetumind.platform.config.PgUrl;
import io.hetumind.platform.db.Jdbc;
import io.hetumind.platform.id.Ids;
import io.hetumind.platform.page.Cursor;
import io.hetumind.platform.page.Page;
import io.hetumind.platform.page.PageRequest;
import io.hetumind.platform.problem.ProblemException;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The framework-free parts of the platform: database URLs, ids, cursors and pages. */
class ConventionsTest {

    @Test
    void aLibpqUrlSplitsIntoReactiveAndJdbcForms() {
        PgUrl url = PgUrl.parse("HETUMIND_DB_URL", "postgresql://app:s%40cret@db.local:6543/hetumind");
        assertThat(url.reactiveUrl()).isEqualTo("postgresql://db.local:6543/hetumind");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.local:6543/hetumind");
        assertThat(url.user()).isEqualTo("app");
        assertThat(url.password()).isEqualTo("s@cret");
        assertThat(url.toString()).doesNotContain("cret");
        assertThat(PgUrl.parse("k", "postgres://127.0.0.1").port()).isEqualTo(5432);
    }

    @Test
    void aBadDatabaseUrlNamesTheKey() {
        assertThatThrownBy(() -> PgUrl.parse("HETUMIND_DB_URL", "mysql://x/y")).hasMessageContaining("HETUMIND_DB_URL");
        assertThatThrownBy(() -> PgUrl.parse("HETUMIND_DB_URL", "postgresql:///nohost"))
                .hasMessageContaining("HETUMIND_DB_URL");
    }

    @Test
    void idsAreTimeOrderedVersion7() {
        UUID a = Ids.next();
        UUID b = Ids.next();
        assertThat(a.version()).isEqualTo(7);
        assertThat(a.getMostSignificantBits() >>> 16).isLessThanOrEqualTo(b.getMostSignificantBits() >>> 16);
    }

    @Test
    void cursorsRoundTripAndForgeriesAre400() {
        UUID id = Ids.next();
        assertThat(Cursor.decode(Cursor.encode(id))).isEqualTo(id);
        assertThatThrownBy(() -> Cursor.decode("' OR 1=1"))
                .isInstanceOfSatisfying(
                        ProblemException.class, e -> assertThat(e.status()).isEqualTo(400));
        assertThatThrownBy(() -> PageRequest.of("0", null))
                .isInstanceOfSatisfying(
                        ProblemException.class, e -> assertThat(e.status()).isEqualTo(400));
        assertThatThrownBy(() -> PageRequest.of("ten", null))
                .isInstanceOfSatisfying(
                        ProblemException.class, e -> assertThat(e.status()).isEqualTo(400));
    }

    @Test
    void aPageFetchedWithOneExtraRowKnowsThereIsMore() {
        List<UUID> rows = List.of(Ids.next(), Ids.next(), Ids.next());
        Page<String> page = Page.of(rows, PageRequest.of("2", null), r -> r, UUID::toString);
        assertThat(page.items()).hasSize(2);
        assertThat(Cursor.decode(page.nextCursor())).isEqualTo(rows.get(1));
        assertThat(Page.of(rows.subList(0, 2), PageRequest.of("2", null), r -> r, UUID::toString)
                        .nextCursor())
                .isNull();
    }

    @Test
    void theDatabaseOutOfReachIsToldFromAStatementItRefuses() {
        // the states PostgreSQL and its driver give a lost, refused or terminated connection, and a pool's own error
        for (String state :
                new String[] {"08003", "08006", "08001", "57P01", "57P03", "53300", "40001", "40P01", null}) {
            SQLException e = new SQLException("x", state);
            assertThat(Jdbc.unreachable(e)).as("state %s", state).isTrue();
            assertThat(Jdbc.unreachable(new IllegalStateException("commit failed", e)))
                    .as("wrapped, state %s", state)
                    .isTrue();
        }
        assertThat(Jdbc.unreachable(new Jdbc.DataException(new SQLException("x", "57P01"))))
                .isTrue();
        assertThat(Jdbc.unreachable(new RuntimeException(new java.net.ConnectException("refused"))))
                .isTrue();
        // a statement the server refuses fails the same way however often it is tried
        for (String state : new String[] {"23505", "22001", "42601", "42P01", "54000"}) {
            assertThat(Jdbc.unreachable(new IllegalStateException(new SQLException("x", state))))
                    .as("state %s", state)
                    .isFalse();
        }
        // the first state in the chain decides: a stateless wrapper of a refused statement is not an outage
        assertThat(Jdbc.unreachable(new SQLException("batch", null, new SQLException("x", "23505"))))
                .isFalse();
        assertThat(Jdbc.unreachable(new IllegalStateException("engine bug"))).isFalse();
        assertThat(Jdbc.unreachable(null)).isFalse();
    }
}
