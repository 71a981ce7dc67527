package io.hetumind.iam.service;

import io.hetumind.iam.model.AgentToken;
import io.hetumind.iam.repository.AgentTokenRepository;
import io.hetumind.iam.rest.dto.AuthDtos.AccessToken;
import io.hetumind.iam.rest.dto.CredentialDtos.AgentTokenRequest;
import io.hetumind.iam.rest.dto.CredentialDtos.AgentTokenView;
import io.hetumind.iam.rest.dto.CredentialDtos.CreatedSecret;
import io.hetumind.iam.security.Secrets;
import io.hetumind.iam.security.TokenIssuer;
import io.hetumind.platform.id.Ids;
import io.hetumind.platform.page.Page;
import io.hetumind.platform.page.PageRequest;
import io.hetumind.platform.problem.ProblemException;
import io.hetumind.platform.security.Caller;
import io.hetumind.platform.security.Claims;
import io.hetumind.platform.security.Permission;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Agent tokens for task agents: one namespace each, shown once, stored as a digest, exchanged for access tokens. */
@ApplicationScoped
public class AgentTokenService {
    static final String PREFIX = "hma_";

    private final AgentTokenRepository tokens;
    private final TokenIssuer issuer;
    private final AuditLog audit;
    private final Revocations revocations;

    public AgentTokenService(AgentTokenRepository tokens, TokenIssuer issuer, AuditLog audit, Revocations revocations) {
        this.tokens = tokens;
        this.issuer = issuer;
        this.audit = audit;
        this.revocations = revocations;
    }

    @WithSession
    public Uni<Page<AgentTokenView>> list(Caller caller, PageRequest page) {
        caller.require(Permission.AGENTTOKEN_WRITE);
        return tokens.pageInTenant(caller.tenantId(), page)
                .map(rows -> Page.of(rows, page, t -> t.id, AgentTokenService::view));
    }

    @WithSession
    public Uni<AgentTokenView> get(Caller caller, UUID id) {
        caller.require(Permission.AGENTTOKEN_WRITE);
        return existing(caller, id).map(AgentTokenService::view);
    }

    @WithTransaction
    public Uni<CreatedSecret> create(Caller caller, AgentTokenRequest req, String ip) {
        caller.require(Permission.AGENTTOKEN_WRITE);
        AgentToken t = new AgentToken();
        t.id = Ids.next();
        t.tenantId = caller.tenantId();
        t.createdBy = caller.subject();
        t.name = req.name().trim();
        t.namespace = req.namespace();
        t.prefix = Secrets.prefix();
        String secret = Secrets.random(32);
        t.secretHash = Secrets.sha256(secret);
        t.expiresAt = req.expiresAt();
        t.createdAt = Instant.now();
        return tokens.persist(t)
                .call(() -> audit.record(t.tenantId, t.createdBy, "agenttoken.created", t.prefix, ip, t.namespace))
                .map(x -> new CreatedSecret(t.id, t.prefix, PREFIX + t.prefix + "_" + secret));
    }

    @WithTransaction
    public Uni<Void> revoke(Caller caller, UUID id, String ip) {
        caller.require(Permission.AGENTTOKEN_WRITE);
        return existing(caller, id)
                .call(t -> tokens.revoke(t.id, t.tenantId))
                // Access tokens already exchanged for it carry its id as subject: they end now too.
                .call(t -> revocations.revoke(t.id))
                .call(t -> audit.record(t.tenantId, caller.subject(), "agenttoken.revoked", t.prefix, ip, null))
                .replaceWithVoid();
    }

    /** An access token with {@code agent:register} for the token's namespace ({@code ns} claim). */
    @WithTransaction
    public Uni<AccessToken> exchange(String presented) {
        String[] parts = ApiKeyService.split(presented, PREFIX);
        if (parts == null) {
            throw ProblemException.unauthorized("the agent token is invalid, expired or revoked");
        }
        return tokens.byPrefix(parts[0]).chain(t -> {
            if (t == null
                    || !Secrets.same(t.secretHash, Secrets.sha256(parts[1]))
                    || t.revokedAt != null
                    || (t.expiresAt != null && t.expiresAt.isBefore(Instant.now()))) {
                throw ProblemException.unauthorized("the agent token is invalid, expired or revoked");
            }
            String token = issuer.access(
                    "agent",
                    t.id,
                    t.tenantId,
                    List.of(),
                    List.of("agent:register"),
                    Map.of(Claims.NAMESPACE, t.namespace));
            return tokens.touch(t.id).map(n -> new AccessToken(token, issuer.ttlSeconds(), "Bearer"));
        });
    }

    private Uni<AgentToken> existing(Caller caller, UUID id) {
        return tokens.inTenant(caller.tenantId(), id).map(t -> {
            if (t == null) {
                throw ProblemException.notFound("agent token");
            }
            return t;
        });
    }

    static AgentTokenView view(AgentToken t) {
        return new AgentTokenView(
                t.id, t.name, t.namespace, t.prefix, t.expiresAt, t.lastUsedAt, t.revokedAt, t.createdAt);
    }
}
