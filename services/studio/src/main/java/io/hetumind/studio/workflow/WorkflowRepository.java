package io.hetumind.studio.workflow;

import static io.hetumind.platform.db.Jdbc.instant;
import static io.hetumind.platform.db.Jdbc.uuid;

import io.hetumind.platform.db.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Workflows and their versions in schema {@code studio}; every statement is scoped by tenant. */
@ApplicationScoped
public class WorkflowRepository {
    private static final String HEAD_COLS =
            "w.id, w.tenant_id, w.name, w.version, w.active, w.tags, w.created_by, w.created_at, w.updated_at";

    /** The head row of a workflow. */
    public record Head(
            UUID id,
            UUID tenantId,
            String name,
            int version,
            boolean active,
            List<String> tags,
            UUID createdBy,
            Instant createdAt,
            Instant updatedAt) {}

    /** One stored version. */
    public record Version(
            UUID workflowId, int version, String definition, String source, String note, UUID createdBy, Instant at) {}

    /** List filters; null means any. */
    public record Filter(String name, String tag, Boolean active) {}

    public void insertHead(Connection c, Head h) throws SQLException {
        Jdbc.update(
                c,
                "INSERT INTO workflow (id, tenant_id, name, version, active, tags, created_by, created_at, updated_at)"
                        + " VALUES (?,?,?,?,?,?,?,?,?)",
                h.id(),
                h.tenantId(),
                h.name(),
                h.version(),
                h.active(),
                c.createArrayOf("text", h.tags().toArray()),
                h.createdBy(),
                h.createdAt(),
                h.updatedAt());
    }

    public void insertVersion(Connection c, UUID tenantId, Version v) throws SQLException {
        Jdbc.update(
                c,
                "INSERT INTO workflow_version (workflow_id, version, tenant_id, definition, source, note, created_by,"
                        + " created_at) VALUES (?,?,?,?::json,?,?,?,?)",
                v.workflowId(),
                v.version(),
                tenantId,
                v.definition(),
                v.source(),
                v.note(),
                v.createdBy(),
                v.at());
    }

    /** The head, locked for update when {@code lock}. */
    public Head head(Connection c, UUID tenantId, UUID id, boolean lock) throws SQLException {
        return Jdbc.one(
                c,
                "SELECT " + HEAD_COLS + " FROM workflow w WHERE w.tenant_id = ? AND w.id = ?"
                        + (lock ? " FOR UPDATE" : ""),
                WorkflowRepository::head,
                tenantId,
                id);
    }

    /** Moves the head to {@code version} if it is still at {@code expected}; false when someone saved first. */
    public boolean advance(Connection c, UUID tenantId, UUID id, int expected, int version, String name, Instant at)
            throws SQLException {
        return Jdbc.update(
                        c,
                        "UPDATE workflow SET version = ?, name = ?, updated_at = ?"
                                + " WHERE tenant_id = ? AND id = ? AND version = ?",
                        version,
                        name,
                        at,
                        tenantId,
                        id,
                        expected)
                == 1;
    }

    public void setActive(Connection c, UUID tenantId, UUID id, boolean active, Instant at) throws SQLException {
        Jdbc.update(
                c,
                "UPDATE workflow SET active = ?, updated_at = ? WHERE tenant_id = ? AND id = ?",
                active,
                at,
                tenantId,
                id);
    }

    public void setTags(Connection c, UUID tenantId, UUID id, List<String> tags, Instant at) throws SQLException {
        Jdbc.update(
                c,
                "UPDATE workflow SET tags = ?, updated_at = ? WHERE tenant_id = ? AND id = ?",
                c.createArrayOf("text", tags.toArray()),
                at,
                tenantId,
                id);
    }

    public boolean delete(Connection c, UUID tenantId, UUID id) throws SQLException {
        return Jdbc.update(c, "DELETE FROM workflow WHERE tenant_id = ? AND id = ?", tenantId, id) == 1;
    }

    /** Newest first: ids are UUIDv7, so {@code id < after} pages back in time. */
    public List<Head> page(Connection c, UUID tenantId, Filter f, UUID before, int limit) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + HEAD_COLS + " FROM workflow w WHERE w.tenant_id = ?");
        List<Object> args = new ArrayList<>(List.of(tenantId));
        if (before != null) {
            sql.append(" AND w.id < ?");
            args.add(before);
        }
        if (f.name() != null) {
            sql.append(" AND w.name ILIKE ? ESCAPE '\\'");
            args.add("%" + likeEscaped(f.name()) + "%");
        }
        if (f.tag() != null) {
            sql.append(" AND w.tags @> ARRAY[?]::text[]");
            args.add(f.tag());
        }
        if (f.active() != null) {
            sql.append(" AND w.active = ?");
            args.add(f.active());
        }
        sql.append(" ORDER BY w.id DESC LIMIT ?");
        args.add(limit);
        return Jdbc.list(c, sql.toString(), WorkflowRepository::head, args.toArray());
    }

    public Version version(Connection c, UUID tenantId, UUID id, int version) throws SQLException {
        return Jdbc.one(
                c,
                "SELECT workflow_id, version, definition::text AS definition, source, note, created_by, created_at"
                        + " FROM workflow_version WHERE tenant_id = ? AND workflow_id = ? AND version = ?",
                WorkflowRepository::version,
                tenantId,
                id,
                version);
    }

    /** Versions newest first, without their definitions' text (set to null) to keep the list small. */
    public List<Version> versions(Connection c, UUID tenantId, UUID id, Integer below, int limit) throws SQLException {
        return Jdbc.list(
                c,
                "SELECT workflow_id, version, NULL AS definition, source, note, created_by, created_at"
                        + " FROM workflow_version WHERE tenant_id = ? AND workflow_id = ? AND (?::int IS NULL OR"
                        + " version < ?) ORDER BY version DESC LIMIT ?",
                WorkflowRepository::version,
                tenantId,
                id,
                below,
                below,
                limit);
    }

    /** Every tag the tenant uses, with how many workflows carry it. */
    public List<TagCount> tags(Connection c, UUID tenantId) throws SQLException {
        return Jdbc.list(
                c,
                "SELECT t AS tag, count(*) AS n FROM workflow, unnest(tags) AS t WHERE tenant_id = ?"
                        + " GROUP BY t ORDER BY t",
                rs -> new TagCount(rs.getString("tag"), rs.getLong("n")),
                tenantId);
    }

    /** A tag and how many workflows carry it. */
    public record TagCount(String tag, long workflows) {}

    private static Head head(ResultSet rs) throws SQLException {
        Array tags = rs.getArray("tags");
        return new Head(
                uuid(rs, "id"),
                uuid(rs, "tenant_id"),
                rs.getString("name"),
                rs.getInt("version"),
                rs.getBoolean("active"),
                tags == null ? List.of() : List.of((String[]) tags.getArray()),
                uuid(rs, "created_by"),
                instant(rs, "created_at"),
                instant(rs, "updated_at"));
    }

    private static Version version(ResultSet rs) throws SQLException {
        return new Version(
                uuid(rs, "workflow_id"),
                rs.getInt("version"),
                rs.getString("definition"),
                rs.getString("source"),
                rs.getString("note"),
                uuid(rs, "created_by"),
                instant(rs, "created_at"));
    }

    private static String likeEscaped(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
