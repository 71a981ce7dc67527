package io.hetumind.studio.credential;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.spi.CredentialDescriptor;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeException;
import io.hetumind.platform.db.Db;
import io.hetumind.platform.id.Ids;
import io.hetumind.platform.page.Page;
import io.hetumind.platform.page.PageRequest;
import io.hetumind.platform.problem.ProblemException;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The credential rules: typed and validated data, sealed before it is stored, visible to its owner, the users it is
 * shared with (or the whole tenant) and the tenant's admins, changed only by its owner or an admin. Every change is
 * logged for audit with ids and type, never data.
 */
@ApplicationScoped
public class CredentialService {
    private static final Logger LOG = Logger.getLogger(CredentialService.class);

    private final CredentialRepository repo;
    private final CredentialTypes types;
    private final CredentialVault vault;
    private final CredentialTesters testers;

    public CredentialService(
            CredentialRepository repo, CredentialTypes types, CredentialVault vault, CredentialTesters testers) {
        this.repo = repo;
        this.types = types;
        this.vault = vault;
        this.testers = testers;
    }

    /** A credential with its data decrypted, or (data null) the reason it could not be. */
    public record Opened(StoredCredential record, ObjectNode data, String unreadable) {
        /** The data as responses show it (secrets masked), or null when unreadable. */
        public ObjectNode masked(CredentialDescriptor type) {
            return data == null ? null : CredentialData.masked(type, data);
        }
    }

    @Transactional
    @WithSpan("credential.create")
    public Opened create(Actor a, String name, String type, JsonNode data, Sharing sharing) {
        CredentialDescriptor d = types.require(type, "type");
        ObjectNode clean = CredentialData.validated(d, data);
        UUID id = Ids.next();
        requireFreeName(a.tenantId(), type, name, id);
        Instant now = Instant.now();
        Sharing s = sharing == null ? Sharing.PRIVATE : sharing;
        StoredCredential c = new StoredCredential(
                id,
                a.tenantId(),
                name,
                type,
                a.userId(),
                s.tenant(),
                s.users(),
                vault.seal(new Envelope.Owner(a.tenantId(), id, type), clean),
                now,
                now);
        try {
            repo.insert(c);
        } catch (CredentialRepository.CredentialStoreException e) {
            throw Db.uniqueViolation(e) ? nameConflict(name, type) : e;
        }
        LOG.infof(
                "credential created: id=%s type=%s tenant=%s by=%s sharedWithTenant=%s sharedWithUsers=%d",
                id, type, a.tenantId(), a.userId(), s.tenant(), s.users().size());
        return new Opened(c, clean, null);
    }

    @WithSpan("credential.list")
    public Page<Opened> list(Actor a, PageRequest page, String type) {
        var rows = repo.page(a.tenantId(), a.userId(), a.admin(), type, page.afterOrMin(), page.limit() + 1);
        return Page.of(rows, page, StoredCredential::id, this::open);
    }

    @WithSpan("credential.get")
    public Opened get(Actor a, UUID id) {
        return open(visible(a, id));
    }

    /**
     * Changes name, data (fields left out, and fields sent as {@link CredentialData#MASK}, keep their values) and
     * sharing; each left null stays as it is.
     */
    @Transactional
    @WithSpan("credential.update")
    public Opened update(Actor a, UUID id, String name, JsonNode data, Sharing sharing) {
        StoredCredential c = managed(a, id);
        CredentialDescriptor d = types.stored(c.type());
        String nextName = name == null ? c.name() : name;
        if (!nextName.equals(c.name())) {
            requireFreeName(a.tenantId(), c.type(), nextName, c.id());
        }
        ObjectNode next = null;
        String unreadable = null;
        try {
            next = vault.open(c, CredentialVault.Use.update);
        } catch (CredentialUnreadableException e) {
            unreadable = e.getMessage();
        }
        Envelope.Sealed sealed = c.sealed();
        if (data != null) {
            // An unreadable record is repaired by sending its data again in full.
            next = CredentialData.merged(d, next == null ? Json.object() : next, data);
            sealed = vault.seal(c.owner(), next);
            unreadable = null;
        }
        Sharing s = sharing == null ? new Sharing(c.sharedWithTenant(), c.sharedWith()) : sharing;
        StoredCredential updated = new StoredCredential(
                c.id(),
                c.tenantId(),
                nextName,
                c.type(),
                c.ownerId(),
                s.tenant(),
                s.users(),
                sealed,
                c.createdAt(),
                Instant.now());
        try {
            repo.update(updated);
        } catch (CredentialRepository.CredentialStoreException e) {
            throw Db.uniqueViolation(e) ? nameConflict(nextName, c.type()) : e;
        }
        LOG.infof(
                "credential updated: id=%s type=%s tenant=%s by=%s fields=%s sharedWithTenant=%s sharedWithUsers=%d",
                id,
                c.type(),
                a.tenantId(),
                a.userId(),
                fieldNames(data),
                s.tenant(),
                s.users().size());
        return new Opened(updated, next, unreadable);
    }

    @Transactional
    @WithSpan("credential.delete")
    public void delete(Actor a, UUID id) {
        StoredCredential c = managed(a, id);
        repo.delete(a.tenantId(), c.id());
        LOG.infof("credential deleted: id=%s type=%s tenant=%s by=%s", id, c.type(), a.tenantId(), a.userId());
    }

    /** Tries the credential against its service, if its type can be tested; a 422 problem if not. */
    @WithSpan("credential.test")
    public CredentialTester.Outcome test(Actor a, UUID id) {
        StoredCredential c = visible(a, id);
        CredentialTester tester = testers.find(c.type())
                .orElseThrow(() -> new ProblemException(
                        422,
                        "credential-untestable",
                        "Cannot be tested",
                        "credentials of type '" + c.type() + "' cannot be tested"));
        ObjectNode data;
        try {
            data = vault.open(c, CredentialVault.Use.test);
        } catch (CredentialUnreadableException e) {
            throw unreadable(e);
        }
        CredentialTester.Outcome out = tester.test(types.stored(c.type()), data);
        LOG.infof(
                "credential tested: id=%s type=%s tenant=%s by=%s ok=%s",
                id, c.type(), a.tenantId(), a.userId(), out.ok());
        return out;
    }

    /**
     * The decrypted data of the tenant's credential a run refers to ({@code refId}, else {@code refName}, as n8n
     * exports carry n8n's ids), if it has the requested type and {@code userId} may use it (null user: tenant-wide
     * ones only). Throws {@link CredentialUnreadableException} for a record that does not decrypt.
     */
    @WithSpan("credential.resolve")
    public Optional<ObjectNode> resolve(
            @SpanAttribute("tenant") UUID tenantId,
            UUID userId,
            String refId,
            String refName,
            @SpanAttribute("credential.type") String type) {
        Optional<StoredCredential> found = Optional.empty();
        UUID id = parseId(refId);
        if (id != null) {
            found = repo.usableById(tenantId, id, type, userId);
        }
        if (found.isEmpty() && refName != null && !refName.isBlank()) {
            found = repo.usableByName(tenantId, refName, type, userId);
        }
        if (found.isEmpty()) {
            LOG.debugf("credential not resolved: ref=%s type=%s tenant=%s user=%s", refId, type, tenantId, userId);
            boolean exists = (id != null
                            && repo.find(tenantId, id)
                                    .filter(c -> c.type().equals(type))
                                    .isPresent())
                    || (refName != null && !refName.isBlank() && repo.existsByName(tenantId, refName, type));
            if (exists) {
                throw NodeException.user("the '" + type + "' credential '"
                        + (refName == null || refName.isBlank() ? refId : refName)
                        + "' is not available to this run: it is neither owned by nor shared with "
                        + (userId == null ? "anyone the run acts for" : "the user the run acts for (" + userId + ")")
                        + ", nor shared with the whole tenant. Runs started by a trigger act for the workflow's"
                        + " owner; share the credential with them or with the tenant");
            }
            return Optional.empty();
        }
        StoredCredential c = found.get();
        LOG.debugf("credential resolved for a run: id=%s type=%s tenant=%s user=%s", c.id(), type, tenantId, userId);
        return Optional.of(vault.open(c, CredentialVault.Use.run));
    }

    private Opened open(StoredCredential c) {
        try {
            return new Opened(c, vault.open(c, CredentialVault.Use.api), null);
        } catch (CredentialUnreadableException e) {
            LOG.warnf("%s (tenant %s)", e.getMessage(), c.tenantId());
            return new Opened(c, null, e.getMessage());
        }
    }

    private StoredCredential visible(Actor a, UUID id) {
        return repo.find(a.tenantId(), id)
                .filter(a::maySee)
                .orElseThrow(() -> ProblemException.notFound("credential " + id));
    }

    private StoredCredential managed(Actor a, UUID id) {
        StoredCredential c = visible(a, id);
        if (!a.mayManage(c)) {
            throw ProblemException.forbidden("only the credential's owner or a tenant admin may change it");
        }
        return c;
    }

    private void requireFreeName(UUID tenantId, String type, String name, UUID except) {
        if (repo.nameTaken(tenantId, type, name, except)) {
            throw nameConflict(name, type);
        }
    }

    private static ProblemException nameConflict(String name, String type) {
        return ProblemException.conflict("a credential of type '" + type + "' named '" + name + "' exists already");
    }

    static ProblemException unreadable(CredentialUnreadableException e) {
        return new ProblemException(409, "credential-unreadable", "Credential cannot be decrypted", e.getMessage());
    }

    private static List<String> fieldNames(JsonNode data) {
        List<String> names = new ArrayList<>();
        if (data != null && data.isObject()) {
            data.properties().forEach(e -> names.add(e.getKey()));
        }
        return names;
    }

    private static UUID parseId(String id) {
        try {
            return id == null ? null : UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
