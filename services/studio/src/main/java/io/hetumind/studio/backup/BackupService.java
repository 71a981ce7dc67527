package io.hetumind.studio.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.spi.Json;
import io.hetumind.platform.db.Jdbc;
import io.hetumind.platform.problem.ProblemException;
import io.hetumind.studio.credential.CredentialsConfig;
import io.hetumind.studio.workflow.WorkflowService;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * A tenant's backup archive and its restore. The archive is one JSON document:
 *
 * <pre>{@code
 * {"hetumindBackup": 1, "createdAt": "…", "tenantId": "…",
 *  "content": {"workflows": [ {id, name, active, tags, createdBy, createdAt, updatedAt,
 *                              "versions": [ {version, definition, source, note, createdBy, createdAt} ]} ],
 *              "templates": [ {id, name, version, description, …, "versions": [ {version, document, …} ]} ],
 *              "credentials": [ {id, name, type, ownerId, sharedWithTenant, keyId, dataKey, sealed, sharedWith, …} ]},
 *  "checksum": "sha256:<hex of the content as compact JSON>"}
 * }</pre>
 *
 * It is read in one REPEATABLE READ transaction, so it is one consistent moment. Credentials stay sealed (base64 of the
 * stored envelopes): their associated data binds tenant and credential id, so a restore keeps every id and needs a
 * master key of the same id. A restore goes into a tenant with no workflows, templates or credentials, all in one
 * transaction, after every check (format version, checksum, tenant, emptiness, master keys) has passed: a refused
 * restore changes nothing. Workflows that were active are activated afterwards (their triggers registered).
 */
@ApplicationScoped
public class BackupService {
    /** The newest archive format this build reads and the one it writes. */
    public static final int FORMAT = 1;

    private static final Logger LOG = Logger.getLogger(BackupService.class);

    private final Jdbc db;
    private final CredentialsConfig credentials;
    private final WorkflowService workflows;

    public BackupService(Jdbc db, CredentialsConfig credentials, WorkflowService workflows) {
        this.db = db;
        this.credentials = credentials;
        this.workflows = workflows;
    }

    /** What a restore did. */
    public record Restored(int workflows, int versions, int templates, int credentials, List<String> notActivated) {}

    public ObjectNode backup(UUID tenant) {
        ObjectNode content = db.tx(c -> {
            try (var s = c.createStatement()) {
                s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            }
            ObjectNode out = Json.object();
            out.set("workflows", workflows(c, tenant));
            out.set("templates", templates(c, tenant));
            out.set("credentials", credentials(c, tenant));
            return out;
        });
        ObjectNode archive = Json.object();
        archive.put("hetumindBackup", FORMAT);
        archive.put("createdAt", Instant.now().toString());
        archive.put("tenantId", tenant.toString());
        archive.set("content", content);
        archive.put("checksum", checksum(content));
        return archive;
    }

    /** The checksum of {@code content}: SHA-256 of its compact JSON. */
    static String checksum(JsonNode content) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256")
                    .digest(Json.write(content).getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Checks {@code text} and restores it into {@code tenant}; throws a 4xx problem and changes nothing if refused. */
    public Restored restore(UUID tenant, String text) {
        JsonNode archive;
        try {
            archive = Json.reader().readTree(text == null ? "" : text);
        } catch (Exception e) {
            throw ProblemException.badRequest("malformed-backup", "the archive is not JSON: " + firstLine(e));
        }
        if (archive == null || !archive.isObject() || !archive.has("hetumindBackup")) {
            throw ProblemException.badRequest("malformed-backup", "not a Hetumind backup (no hetumindBackup field)");
        }
        JsonNode format = archive.get("hetumindBackup");
        if (!format.isIntegralNumber()) {
            throw ProblemException.badRequest("malformed-backup", "hetumindBackup must be a format number");
        }
        if (format.intValue() > FORMAT) {
            throw ProblemException.badRequest(
                    "unsupported-backup-format",
                    "this archive is in backup format " + format.intValue() + ", newer than the " + FORMAT
                            + " this studio reads; restore it with a newer Hetumind");
        }
        JsonNode content = archive.get("content");
        if (content == null || !content.isObject()) {
            throw ProblemException.badRequest("malformed-backup", "the archive has no content");
        }
        if (!checksum(content).equals(archive.path("checksum").asText())) {
            throw ProblemException.badRequest(
                    "tampered-backup", "the archive's checksum does not match its content: it was changed or damaged");
        }
        if (!tenant.toString().equals(archive.path("tenantId").asText())) {
            throw ProblemException.badRequest(
                    "wrong-tenant",
                    "the archive is of tenant " + archive.path("tenantId").asText() + ", not yours (" + tenant
                            + "): credentials are sealed to their tenant, so an archive restores into the same tenant");
        }
        Set<String> keys = credentials.masterKeys().keySet();
        for (JsonNode cr : content.path("credentials")) {
            if (!keys.contains(cr.path("keyId").asText())) {
                throw ProblemException.badRequest(
                        "unknown-master-key",
                        "credential '" + cr.path("name").asText() + "' is sealed under master key '"
                                + cr.path("keyId").asText()
                                + "', which this studio does not have: configure that key before restoring");
            }
        }
        Restored counts;
        List<UUID> active = new ArrayList<>();
        try {
            counts = db.tx(c -> {
                if (!empty(c, tenant)) {
                    throw ProblemException.conflict(
                            "the tenant has workflows, templates or credentials already; restore into an empty one");
                }
                int[] n = new int[4];
                for (JsonNode w : content.path("workflows")) {
                    insertWorkflow(c, tenant, w);
                    n[0]++;
                    n[1] += w.path("versions").size();
                    if (w.path("active").asBoolean()) {
                        active.add(UUID.fromString(w.path("id").asText()));
                    }
                }
                for (JsonNode t : content.path("templates")) {
                    insertTemplate(c, tenant, t);
                    n[2]++;
                }
                for (JsonNode cr : content.path("credentials")) {
                    insertCredential(c, tenant, cr);
                    n[3]++;
                }
                return new Restored(n[0], n[1], n[2], n[3], List.of());
            });
        } catch (Jdbc.DataException | IllegalArgumentException | NullPointerException e) {
            throw ProblemException.badRequest(
                    "malformed-backup", "the archive's content cannot be restored: " + e.getMessage());
        }
        List<String> failed = new ArrayList<>();
        for (UUID id : active) {
            try {
                workflows.activate(tenant, id);
            } catch (RuntimeException e) {
                LOG.warnf("restored workflow %s could not be activated: %s", id, e.getMessage());
                failed.add(id + ": " + e.getMessage());
            }
        }
        return new Restored(counts.workflows(), counts.versions(), counts.templates(), counts.credentials(), failed);
    }

    private static boolean empty(Connection c, UUID tenant) throws SQLException {
        return Jdbc.one(
                        c,
                        "SELECT 1 AS x WHERE EXISTS (SELECT 1 FROM workflow WHERE tenant_id = ?)"
                                + " OR EXISTS (SELECT 1 FROM template WHERE tenant_id = ?)"
                                + " OR EXISTS (SELECT 1 FROM credential WHERE tenant_id = ?)",
                        rs -> 1,
                        tenant,
                        tenant,
                        tenant)
                == null;
    }

    private static ArrayNode workflows(Connection c, UUID tenant) throws SQLException {
        ArrayNode out = Json.array();
        Map<UUID, ObjectNode> byId = new LinkedHashMap<>();
        try (PreparedStatement ps = Jdbc.prepare(
                        c,
                        "SELECT id, name, active, tags, created_by, created_at, updated_at FROM workflow"
                                + " WHERE tenant_id = ? ORDER BY id",
                        tenant);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                ObjectNode w = out.addObject();
                UUID id = Jdbc.uuid(rs, "id");
                w.put("id", id.toString());
                w.put("name", rs.getString("name"));
                w.put("active", rs.getBoolean("active"));
                ArrayNode tags = w.putArray("tags");
                Array a = rs.getArray("tags");
                if (a != null) {
                    for (String t : (String[]) a.getArray()) {
                        tags.add(t);
                    }
                }
                w.put("createdBy", str(Jdbc.uuid(rs, "created_by")));
                w.put("createdAt", str(Jdbc.instant(rs, "created_at")));
                w.put("updatedAt", str(Jdbc.instant(rs, "updated_at")));
                w.putArray("versions");
                byId.put(id, w);
            }
        }
        try (PreparedStatement ps = Jdbc.prepare(
                        c,
                        "SELECT workflow_id, version, definition::text AS definition, source, note, created_by, created_at"
                                + " FROM workflow_version WHERE tenant_id = ? ORDER BY workflow_id, version",
                        tenant);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                ObjectNode w = byId.get(Jdbc.uuid(rs, "workflow_id"));
                if (w == null) {
                    continue;
                }
                ObjectNode v = ((ArrayNode) w.get("versions")).addObject();
                v.put("version", rs.getInt("version"));
                v.set("definition", Json.parse(rs.getString("definition")));
                v.put("source", rs.getString("source"));
                v.put("note", rs.getString("note"));
                v.put("createdBy", str(Jdbc.uuid(rs, "created_by")));
                v.put("createdAt", str(Jdbc.instant(rs, "created_at")));
            }
        }
        return out;
    }

    private static ArrayNode templates(Connection c, UUID tenant) throws SQLException {
        ArrayNode out = Json.array();
        Map<UUID, ObjectNode> byId = new LinkedHashMap<>();
        try (PreparedStatement ps = Jdbc.prepare(
                        c,
                        "SELECT id, name, version, description, created_by, created_at, updated_at FROM template"
                                + " WHERE tenant_id = ? ORDER BY id",
                        tenant);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                ObjectNode t = out.addObject();
                UUID id = Jdbc.uuid(rs, "id");
                t.put("id", id.toString());
                t.put("name", rs.getString("name"));
                t.put("version", rs.getInt("version"));
                t.put("description", rs.getString("description"));
                t.put("createdBy", str(Jdbc.uuid(rs, "created_by")));
                t.put("createdAt", str(Jdbc.instant(rs, "created_at")));
                t.put("updatedAt", str(Jdbc.instant(rs, "updated_at")));
                t.putArray("versions");
                byId.put(id, t);
            }
        }
        try (PreparedStatement ps = Jdbc.prepare(
                        c,
                        "SELECT template_id, version, document::text AS document, created_by, created_at"
                                + " FROM template_version WHERE tenant_id = ? ORDER BY template_id, version",
                        tenant);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                ObjectNode t = byId.get(Jdbc.uuid(rs, "template_id"));
                if (t == null) {
                    continue;
                }
                ObjectNode v = ((ArrayNode) t.get("versions")).addObject();
                v.put("version", rs.getInt("version"));
                v.set("document", Json.parse(rs.getString("document")));
                v.put("createdBy", str(Jdbc.uuid(rs, "created_by")));
                v.put("createdAt", str(Jdbc.instant(rs, "created_at")));
            }
        }
        return out;
    }

    private static ArrayNode credentials(Connection c, UUID tenant) throws SQLException {
        ArrayNode out = Json.array();
        Base64.Encoder b64 = Base64.getEncoder();
        try (PreparedStatement ps = Jdbc.prepare(
                        c,
                        "SELECT id, name, type, owner_id, shared_with_tenant, key_id, data_key, sealed, created_at,"
                                + " updated_at, ARRAY(SELECT user_id::text FROM credential_share s WHERE"
                                + " s.credential_id = credential.id ORDER BY user_id) AS shared_with"
                                + " FROM credential WHERE tenant_id = ? ORDER BY id",
                        tenant);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                ObjectNode cr = out.addObject();
                cr.put("id", Jdbc.uuid(rs, "id").toString());
                cr.put("name", rs.getString("name"));
                cr.put("type", rs.getString("type"));
                cr.put("ownerId", Jdbc.uuid(rs, "owner_id").toString());
                cr.put("sharedWithTenant", rs.getBoolean("shared_with_tenant"));
                cr.put("keyId", rs.getString("key_id"));
                cr.put("dataKey", b64.encodeToString(rs.getBytes("data_key")));
                cr.put("sealed", b64.encodeToString(rs.getBytes("sealed")));
                cr.put("createdAt", str(Jdbc.instant(rs, "created_at")));
                cr.put("updatedAt", str(Jdbc.instant(rs, "updated_at")));
                ArrayNode shared = cr.putArray("sharedWith");
                for (String u : (String[]) rs.getArray("shared_with").getArray()) {
                    shared.add(u);
                }
            }
        }
        return out;
    }

    private static void insertWorkflow(Connection c, UUID tenant, JsonNode w) throws SQLException {
        UUID id = UUID.fromString(w.path("id").asText());
        JsonNode versions = w.path("versions");
        if (versions.isEmpty()) {
            throw new IllegalArgumentException("workflow " + id + " has no versions");
        }
        List<String> tags = new ArrayList<>();
        w.path("tags").forEach(t -> tags.add(t.asText()));
        Jdbc.update(
                c,
                "INSERT INTO workflow (id, tenant_id, name, version, active, tags, created_by, created_at, updated_at)"
                        + " VALUES (?,?,?,?,false,?,?,?,?)",
                id,
                tenant,
                text(w, "name"),
                versions.get(versions.size() - 1).path("version").asInt(),
                c.createArrayOf("text", tags.toArray()),
                uuidOrNull(w, "createdBy"),
                ts(w, "createdAt"),
                ts(w, "updatedAt"));
        for (JsonNode v : versions) {
            Jdbc.update(
                    c,
                    "INSERT INTO workflow_version (workflow_id, version, tenant_id, definition, source, note,"
                            + " created_by, created_at) VALUES (?,?,?,?::json,?,?,?,?)",
                    id,
                    v.path("version").asInt(),
                    tenant,
                    Json.write(v.get("definition")),
                    text(v, "source"),
                    v.path("note").isTextual() ? v.path("note").asText() : null,
                    uuidOrNull(v, "createdBy"),
                    ts(v, "createdAt"));
        }
    }

    private static void insertTemplate(Connection c, UUID tenant, JsonNode t) throws SQLException {
        UUID id = UUID.fromString(t.path("id").asText());
        Jdbc.update(
                c,
                "INSERT INTO template (id, tenant_id, name, version, description, created_by, created_at, updated_at)"
                        + " VALUES (?,?,?,?,?,?,?,?)",
                id,
                tenant,
                text(t, "name"),
                t.path("version").asInt(),
                t.path("description").asText(""),
                uuidOrNull(t, "createdBy"),
                ts(t, "createdAt"),
                ts(t, "updatedAt"));
        for (JsonNode v : t.path("versions")) {
            Jdbc.update(
                    c,
                    "INSERT INTO template_version (template_id, version, tenant_id, document, created_by, created_at)"
                            + " VALUES (?,?,?,?::jsonb,?,?)",
                    id,
                    v.path("version").asInt(),
                    tenant,
                    Json.write(v.get("document")),
                    uuidOrNull(v, "createdBy"),
                    ts(v, "createdAt"));
        }
    }

    private static void insertCredential(Connection c, UUID tenant, JsonNode cr) throws SQLException {
        UUID id = UUID.fromString(cr.path("id").asText());
        Base64.Decoder b64 = Base64.getDecoder();
        Jdbc.update(
                c,
                "INSERT INTO credential (id, tenant_id, name, type, owner_id, shared_with_tenant, key_id, data_key,"
                        + " sealed, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                id,
                tenant,
                text(cr, "name"),
                text(cr, "type"),
                UUID.fromString(cr.path("ownerId").asText()),
                cr.path("sharedWithTenant").asBoolean(),
                text(cr, "keyId"),
                b64.decode(text(cr, "dataKey")),
                b64.decode(text(cr, "sealed")),
                ts(cr, "createdAt"),
                ts(cr, "updatedAt"));
        for (JsonNode u : cr.path("sharedWith")) {
            Jdbc.update(
                    c,
                    "INSERT INTO credential_share (credential_id, user_id) VALUES (?,?)",
                    id,
                    UUID.fromString(u.asText()));
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("missing " + field);
        }
        return v.asText();
    }

    private static UUID uuidOrNull(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : UUID.fromString(v.asText());
    }

    private static Timestamp ts(JsonNode n, String field) {
        return Timestamp.from(Instant.parse(text(n, field)));
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

    private static String firstLine(Exception e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
