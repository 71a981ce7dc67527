package io.hetumind.studio.template;

import static io.hetumind.platform.db.Jdbc.instant;
import static io.hetumind.platform.db.Jdbc.uuid;

import io.hetumind.platform.db.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Templates and their versions in schema {@code studio}; every statement is scoped by tenant. */
@ApplicationScoped
public class TemplateRepository {
    private static final String HEAD_COLS =
            "t.id, t.tenant_id, t.name, t.version, t.description, t.created_by, t.created_at, t.updated_at";

    /** The head row of a template. */
    public record Head(
            UUID id,
            UUID tenantId,
            String name,
            int version,
            String description,
            UUID createdBy,
            Instant createdAt,
            Instant updatedAt) {}

    /** One stored version's document. */
    public record Version(UUID templateId, int version, String document, UUID createdBy, Instant at) {}

    public void insertHead(Connection c, Head h) throws SQLException {
        Jdbc.update(
                c,
                "INSERT INTO template (id, tenant_id, name, version, description, created_by, created_at, updated_at)"
                        + " VALUES (?,?,?,?,?,?,?,?)",
                h.id(),
                h.tenantId(),
                h.name(),
                h.version(),
                h.description(),
                h.createdBy(),
                h.createdAt(),
                h.updatedAt());
    }

    public void insertVersion(Connection c, UUID tenantId, Version v) throws SQLException {
        Jdbc.update(
                c,
                "INSERT INTO template_version (template_id, version, tenant_id, document, created_by, created_at)"
                        + " VALUES (?,?,?,?::jsonb,?,?)",
                v.templateId(),
                v.version(),
                tenantId,
                v.document(),
                v.createdBy(),
                v.at());
    }

    public Head head(Connection c, UUID tenantId, UUID id, boolean lock) throws SQLException {
        return Jdbc.one(
                c,
                "SELECT " + HEAD_COLS + " FROM template t WHERE t.tenant_id = ? AND t.id = ?"
                        + (lock ? " FOR UPDATE" : ""),
                TemplateRepository::head,
                tenantId,
                id);
    }

    /** Whether another template of the tenant has this name. */
    public boolean nameTaken(Connection c, UUID tenantId, String name, UUID except) throws SQLException {
        return Jdbc.one(
                        c,
                        "SELECT 1 AS x FROM template WHERE tenant_id = ? AND name = ? AND id <> ?",
                        rs -> 1,
                        tenantId,
                        name,
                        except)
                != null;
    }

    public boolean advance(
            Connection c,
            UUID tenantId,
            UUID id,
            int expected,
            int version,
            String name,
            String description,
            Instant at)
            throws SQLException {
        return Jdbc.update(
                        c,
                        "UPDATE template SET version = ?, name = ?, description = ?, updated_at = ?"
                                + " WHERE tenant_id = ? AND id = ? AND version = ?",
                        version,
                        name,
                        description,
                        at,
                        tenantId,
                        id,
                        expected)
                == 1;
    }

    public boolean delete(Connection c, UUID tenantId, UUID id) throws SQLException {
        return Jdbc.update(c, "DELETE FROM template WHERE tenant_id = ? AND id = ?", tenantId, id) == 1;
    }

    /** Newest first (ids are UUIDv7); {@code before} pages back. */
    public List<Head> page(Connection c, UUID tenantId, UUID before, int limit) throws SQLException {
        return Jdbc.list(
                c,
                "SELECT " + HEAD_COLS + " FROM template t WHERE t.tenant_id = ? AND (?::uuid IS NULL OR t.id < ?)"
                        + " ORDER BY t.id DESC LIMIT ?",
                TemplateRepository::head,
                tenantId,
                before,
                before,
                limit);
    }

    public Version version(Connection c, UUID tenantId, UUID id, int version) throws SQLException {
        return Jdbc.one(
                c,
                "SELECT template_id, version, document::text AS document, created_by, created_at FROM template_version"
                        + " WHERE tenant_id = ? AND template_id = ? AND version = ?",
                TemplateRepository::version,
                tenantId,
                id,
                version);
    }

    /** Every version of a template, oldest first (backups carry the history). */
    public List<Version> versions(Connection c, UUID tenantId, UUID id) throws SQLException {
        return Jdbc.list(
                c,
                "SELECT template_id, version, document::text AS document, created_by, created_at FROM template_version"
                        + " WHERE tenant_id = ? AND template_id = ? ORDER BY version",
                TemplateRepository::version,
                tenantId,
                id);
    }

    private static Head head(ResultSet rs) throws SQLException {
        return new Head(
                uuid(rs, "id"),
                uuid(rs, "tenant_id"),
                rs.getString("name"),
                rs.getInt("version"),
                rs.getString("description"),
                uuid(rs, "created_by"),
                instant(rs, "created_at"),
                instant(rs, "updated_at"));
    }

    private static Version version(ResultSet rs) throws SQLException {
        return new Version(
                uuid(rs, "template_id"),
                rs.getInt("version"),
                rs.getString("document"),
                uuid(rs, "created_by"),
                instant(rs, "created_at"));
    }
}
