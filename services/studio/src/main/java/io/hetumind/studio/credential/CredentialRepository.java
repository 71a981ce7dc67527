package io.hetumind.studio.credential;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Every credential query; each one is scoped to a tenant (only the key rotation reads across tenants). Runs in the
 * caller's transaction when there is one ({@code @Transactional}), else in autocommit.
 */
@ApplicationScoped
public class CredentialRepository {
    private static final String COLS = "c.id, c.tenant_id, c.name, c.type, c.owner_id, c.shared_with_tenant, c.key_id,"
            + " c.data_key, c.sealed, c.created_at, c.updated_at,"
            + " ARRAY(SELECT s.user_id FROM credential_share s WHERE s.credential_id = c.id ORDER BY s.user_id) AS shares";
    /** Parameters: admin (boolean), user, user. */
    private static final String VISIBLE = "(?::boolean OR c.shared_with_tenant OR c.owner_id = ?::uuid"
            + " OR EXISTS (SELECT 1 FROM credential_share s WHERE s.credential_id = c.id AND s.user_id = ?::uuid))";

    private final AgroalDataSource ds;

    public CredentialRepository(AgroalDataSource ds) {
        this.ds = ds;
    }

    public void insert(StoredCredential c) {
        run(
                "INSERT INTO credential (id, tenant_id, name, type, owner_id, shared_with_tenant, key_id, data_key, sealed,"
                        + " created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                c.id(),
                c.tenantId(),
                c.name(),
                c.type(),
                c.ownerId(),
                c.sharedWithTenant(),
                c.sealed().keyId(),
                c.sealed().dataKey(),
                c.sealed().data(),
                c.createdAt(),
                c.updatedAt());
        replaceShares(c.id(), c.sharedWith());
    }

    /** Name, sharing, data and timestamp of an existing row of the same tenant. */
    public void update(StoredCredential c) {
        run(
                "UPDATE credential SET name = ?, shared_with_tenant = ?, key_id = ?, data_key = ?, sealed = ?, updated_at = ?"
                        + " WHERE tenant_id = ? AND id = ?",
                c.name(),
                c.sharedWithTenant(),
                c.sealed().keyId(),
                c.sealed().dataKey(),
                c.sealed().data(),
                c.updatedAt(),
                c.tenantId(),
                c.id());
        replaceShares(c.id(), c.sharedWith());
    }

    private void replaceShares(UUID id, List<UUID> users) {
        run("DELETE FROM credential_share WHERE credential_id = ?", id);
        for (UUID u : users) {
            run("INSERT INTO credential_share (credential_id, user_id) VALUES (?, ?)", id, u);
        }
    }

    public boolean delete(UUID tenantId, UUID id) {
        return run("DELETE FROM credential WHERE tenant_id = ? AND id = ?", tenantId, id) == 1;
    }

    public Optional<StoredCredential> find(UUID tenantId, UUID id) {
        return one("SELECT " + COLS + " FROM credential c WHERE c.tenant_id = ? AND c.id = ?", tenantId, id);
    }

    /** Whether the tenant has a credential of this type by this name (whoever may use it). */
    public boolean existsByName(UUID tenantId, String name, String type) {
        return one(
                        "SELECT " + COLS + " FROM credential c WHERE c.tenant_id = ? AND c.name = ? AND c.type = ?"
                                + " LIMIT 1",
                        tenantId,
                        name,
                        type)
                .isPresent();
    }

    /** Whether another credential of the tenant has this type and name. */
    public boolean nameTaken(UUID tenantId, String type, String name, UUID except) {
        return one(
                        "SELECT " + COLS + " FROM credential c WHERE c.tenant_id = ? AND c.type = ? AND c.name = ?"
                                + " AND c.id <> ?",
                        tenantId,
                        type,
                        name,
                        except)
                .isPresent();
    }

    /** One page (keyset on id) of what a user sees: everything for an admin, else what they may use. */
    public List<StoredCredential> page(UUID tenantId, UUID user, boolean admin, String type, UUID after, int limit) {
        return list(
                "SELECT " + COLS + " FROM credential c WHERE c.tenant_id = ? AND " + VISIBLE
                        + " AND (?::text IS NULL OR c.type = ?::text) AND c.id > ? ORDER BY c.id LIMIT ?",
                tenantId,
                admin,
                user,
                user,
                type,
                type,
                after,
                limit);
    }

    /** The credential of this tenant, id and type that {@code user} may use (null user: tenant-wide ones only). */
    public Optional<StoredCredential> usableById(UUID tenantId, UUID id, String type, UUID user) {
        return one(
                "SELECT " + COLS + " FROM credential c WHERE c.tenant_id = ? AND c.id = ? AND c.type = ? AND "
                        + VISIBLE,
                tenantId,
                id,
                type,
                false,
                user,
                user);
    }

    /** Like {@link #usableById} by name, for references from n8n exports (whose ids are n8n's). */
    public Optional<StoredCredential> usableByName(UUID tenantId, String name, String type, UUID user) {
        return one(
                "SELECT " + COLS + " FROM credential c WHERE c.tenant_id = ? AND c.name = ? AND c.type = ? AND "
                        + VISIBLE,
                tenantId,
                name,
                type,
                false,
                user,
                user);
    }

    /** Up to {@code limit} rows (after {@code after}, by id) of any tenant whose data key is not under {@code activeKeyId}, locked for update. */
    public List<StoredCredential> lockUnderOtherKeys(String activeKeyId, UUID after, int limit) {
        return list(
                "SELECT " + COLS + " FROM credential c WHERE c.key_id <> ? AND c.id > ? ORDER BY c.id LIMIT ?"
                        + " FOR UPDATE OF c SKIP LOCKED",
                activeKeyId,
                after,
                limit);
    }

    /** Stores a re-wrapped data key; the sealed data does not change. */
    public void updateKey(UUID id, Envelope.Sealed sealed) {
        run("UPDATE credential SET key_id = ?, data_key = ? WHERE id = ?", sealed.keyId(), sealed.dataKey(), id);
    }

    /** Number of records per master key id, across tenants (no secret: ids and counts). */
    public Map<String, Long> countByKey() {
        Map<String, Long> out = new LinkedHashMap<>();
        try (Connection c = ds.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("SELECT key_id, count(*) FROM credential GROUP BY key_id ORDER BY key_id");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("credential store: " + e.getMessage(), e);
        }
    }

    private int run(String sql, Object... args) {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = prepare(c, sql, args)) {
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new CredentialStoreException(e);
        }
    }

    private Optional<StoredCredential> one(String sql, Object... args) {
        List<StoredCredential> l = list(sql, args);
        return l.isEmpty() ? Optional.empty() : Optional.of(l.getFirst());
    }

    private List<StoredCredential> list(String sql, Object... args) {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = prepare(c, sql, args);
                ResultSet rs = ps.executeQuery()) {
            List<StoredCredential> out = new ArrayList<>();
            while (rs.next()) {
                out.add(map(rs));
            }
            return out;
        } catch (SQLException e) {
            throw new CredentialStoreException(e);
        }
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            Object v = args[i] instanceof Instant t ? Timestamp.from(t) : args[i];
            ps.setObject(i + 1, v);
        }
        return ps;
    }

    private static StoredCredential map(ResultSet rs) throws SQLException {
        Array shares = rs.getArray("shares");
        List<UUID> users = shares == null ? List.of() : Arrays.asList((UUID[]) shares.getArray());
        return new StoredCredential(
                rs.getObject("id", UUID.class),
                rs.getObject("tenant_id", UUID.class),
                rs.getString("name"),
                rs.getString("type"),
                rs.getObject("owner_id", UUID.class),
                rs.getBoolean("shared_with_tenant"),
                users,
                new Envelope.Sealed(rs.getString("key_id"), rs.getBytes("data_key"), rs.getBytes("sealed")),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }

    /** A database failure: operational, reported as a 500 with a reference by the problem mapper. */
    public static class CredentialStoreException extends RuntimeException {
        CredentialStoreException(SQLException e) {
            super("credential store: " + e.getMessage(), e);
        }
    }
}
