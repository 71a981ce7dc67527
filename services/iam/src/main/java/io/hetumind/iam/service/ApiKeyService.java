package io.hetumind.iam.service;

import io.hetumind.iam.model.ApiKey;
import io.hetumind.iam.repository.ApiKeyRepository;
import io.hetumind.iam.rest.dto.AuthDtos.AccessToken;
import io.hetumind.iam.rest.dto.CredentialDtos.ApiKeyRequest;
import io.hetumind.iam.rest.dto.CredentialDtos.ApiKeyView;
import io.hetumind.iam.rest.dto.CredentialDtos.CreatedSecret;
import io.hetumind.iam.security.Permissions;
import io.hetumind.iam.security.Secrets;
import io.hetumind.iam.security.TokenIssuer;
import io.hetumind.platform.id.Ids;
import io.hetumind.platform.page.Page;
import io.hetumind.platform.page.PageRequest;
import io.hetumind.platform.problem.ProblemException;
import io.hetumind.platform.security.Caller;
import io.hetumind.platform.security.Permission;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** API keys: shown once, stored as a digest, scoped permissions, optional expiry; exchanged for access tokens. */
@ApplicationScoped
public class ApiKeyService {
    /** Keys look like {@code hmk_<prefix>_<secret>}; the prefix finds the row, the digest checks the secret. */
    static final String PREFIX = "hmk_";

    private final ApiKeyRepository keys;
    private final TokenIssuer issuer;
    private final AuditLog audit;
    private final Revocations revocations;

    public ApiKeyService(ApiKeyRepository keys, TokenIssuer issuer, AuditLog audit, Revocations revocations) {
        this.keys = keys;
        this.issuer = issuer;
        this.audit = audit;
        this.revocations = revocations;
    }

    @WithSession
    public Uni<Page<ApiKeyView>> list(Caller caller, PageRequest page) {
        caller.require(Permission.APIKEY_WRITE);
        return keys.pageInTenant(caller.tenantId(), page)
                .map(rows -> Page.of(rows, page, k -> k.id, ApiKeyService::view));
    }

    @WithSession
    public Uni<ApiKeyView> get(Caller caller, UUID id) {
        caller.require(Permission.APIKEY_WRITE);
        return existing(caller, id).map(ApiKeyService::view);
    }

    @WithTransaction
    public Uni<CreatedSecret> create(Caller caller, ApiKeyRequest req, String ip) {
        caller.require(Permission.APIKEY_WRITE);
        ApiKey k = new ApiKey();
        k.id = Ids.next();
        k.tenantId = caller.tenantId();
        k.createdBy = caller.subject();
        k.name = req.name().trim();
        k.permissions = Permissions.checked("permissions", req.permissions(), caller.permissions());
        k.prefix = Secrets.prefix();
        String secret = Secrets.random(32);
        k.secretHash = Secrets.sha256(secret);
        k.expiresAt = req.expiresAt();
        k.createdAt = Instant.now();
        return keys.persist(k)
                .call(() -> audit.record(k.tenantId, k.createdBy, "apikey.created", k.prefix, ip, k.permissions))
                .map(x -> new CreatedSecret(k.id, k.prefix, PREFIX + k.prefix + "_" + secret));
    }

    @WithTransaction
    public Uni<Void> revoke(Caller caller, UUID id, String ip) {
        caller.require(Permission.APIKEY_WRITE);
        return existing(caller, id)
                .call(k -> keys.revoke(k.id, k.tenantId))
                // Access tokens already exchanged for it carry its id as subject: they end now too.
                .call(k -> revocations.revoke(k.id))
                .call(k -> audit.record(k.tenantId, caller.subject(), "apikey.revoked", k.prefix, ip, null))
                .replaceWithVoid();
    }

    /** An access token carrying the key's permissions, if the key is valid, unexpired and not revoked. */
    @WithTransaction
    public Uni<AccessToken> exchange(String presented) {
        String[] parts = split(presented, PREFIX);
        if (parts == null) {
            throw ProblemException.unauthorized("the API key is invalid, expired or revoked");
        }
        return keys.byPrefix(parts[0]).chain(k -> {
            if (k == null
                    || !Secrets.same(k.secretHash, Secrets.sha256(parts[1]))
                    || k.revokedAt != null
                    || (k.expiresAt != null && k.expiresAt.isBefore(Instant.now()))) {
                throw ProblemException.unauthorized("the API key is invalid, expired or revoked");
            }
            String token =
                    issuer.access("api-key", k.id, k.tenantId, List.of(), Permissions.parse(k.permissions), Map.of());
            return keys.touch(k.id).map(n -> new AccessToken(token, issuer.ttlSeconds(), "Bearer"));
        });
    }

    /** {@code <kind><prefix>_<secret>} split into prefix and secret, or null. */
    static String[] split(String presented, String kind) {
        if (presented == null || !presented.startsWith(kind)) {
            return null;
        }
        String[] parts = presented.substring(kind.length()).split("_", 2);
        return parts.length == 2 && parts[0].length() == 10 && !parts[1].isEmpty() ? parts : null;
    }

    private Uni<ApiKey> existing(Caller caller, UUID id) {
        return keys.inTenant(caller.tenantId(), id).map(k -> {
            if (k == null) {
                throw ProblemException.notFound("API key");
            }
            return k;
        });
    }

    static ApiKeyView view(ApiKey k) {
        return new ApiKeyView(
                k.id,
                k.name,
                k.prefix,
                Permissions.parse(k.permissions),
                k.expiresAt,
                k.lastUsedAt,
                k.revokedAt,
                k.createdAt);
    }
}
