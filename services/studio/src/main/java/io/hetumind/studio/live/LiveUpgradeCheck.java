package io.hetumind.studio.live;

import io.hetumind.platform.security.Claims;
import io.hetumind.platform.security.Permission;
import io.hetumind.platform.security.TokenVerifier;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.quarkus.websockets.next.UserData;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;

/**
 * Authenticates upgrades to the live endpoints. A browser cannot set headers on a WebSocket, so the access token comes
 * as the query parameter {@code access_token}, or as the subprotocol {@code bearer.<token>} offered beside {@value
 * #PROTOCOL} ({@code new WebSocket(url, ["hetumind", "bearer." + token])}), or, for other clients, as an {@code
 * Authorization: Bearer} header. The token needs {@code workflow:read}; an execution known to belong to another tenant
 * is a 404, as it is everywhere in the API.
 */
@ApplicationScoped
public class LiveUpgradeCheck implements HttpUpgradeCheck {
    /** The subprotocol the server selects when the token travels in {@code Sec-WebSocket-Protocol}. */
    public static final String PROTOCOL = "hetumind";

    static final UserData.TypedKey<String> TENANT = UserData.TypedKey.forString("tenant");
    static final UserData.TypedKey<Long> EXPIRES = UserData.TypedKey.forLong("expires");
    private static final Logger LOG = Logger.getLogger(LiveUpgradeCheck.class);
    private static final Map<String, List<String>> CHALLENGE = Map.of("WWW-Authenticate", List.of("Bearer"));

    private final TokenVerifier verifier;
    private final ExecutionTenants owners;

    /** A {@code worker} process serves no public endpoints: every upgrade is a 404 there. */
    private final boolean serves;

    public LiveUpgradeCheck(
            TokenVerifier verifier,
            ExecutionTenants owners,
            @org.eclipse.microprofile.config.inject.ConfigProperty(name = "hetumind.studio.role", defaultValue = "all")
                    String role) {
        this.serves = !"worker".equals(role);
        this.verifier = verifier;
        this.owners = owners;
    }

    @Override
    public boolean appliesTo(String endpointId) {
        return endpointId.equals(ExecutionLiveSocket.class.getName())
                || endpointId.equals(TenantLiveSocket.class.getName());
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext ctx) {
        if (!serves) {
            return CheckResult.rejectUpgrade(404);
        }
        String token = token(ctx.httpRequest());
        if (token == null) {
            return CheckResult.rejectUpgrade(401, CHALLENGE);
        }
        String execution = ctx.httpRequest().path().startsWith(ExecutionLiveSocket.PREFIX)
                ? ctx.httpRequest().path().substring(ExecutionLiveSocket.PREFIX.length())
                : null;
        // Verifying may fetch IAM's JWKS over HTTP: off the event loop.
        return Uni.createFrom()
                .item(() -> check(token, execution, ctx.userData()))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    static String token(HttpServerRequest req) {
        String query = req.getParam("access_token");
        if (query != null && !query.isBlank()) {
            return query.trim();
        }
        String protocols = req.getHeader("Sec-WebSocket-Protocol");
        if (protocols != null) {
            for (String p : protocols.split(",")) {
                String t = p.trim();
                if (t.startsWith("bearer.") && t.length() > 7) {
                    return t.substring(7);
                }
            }
        }
        String header = req.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return header.substring(7).trim();
        }
        return null;
    }

    private CheckResult check(String token, String execution, UserData data) {
        JwtClaims claims;
        try {
            claims = verifier.verify(token);
        } catch (ParseException e) {
            LOG.debugf("live token refused: %s", e.getMessage());
            return CheckResult.rejectUpgradeSync(401, CHALLENGE);
        }
        try {
            Object perms = claims.getClaimValue(Claims.PERMS);
            String tenant = claims.getStringClaimValue(Claims.TENANT);
            if (tenant == null || !(perms instanceof List<?> l && l.contains(Permission.WORKFLOW_READ.value()))) {
                return CheckResult.rejectUpgradeSync(403);
            }
            UUID tenantId = UUID.fromString(tenant);
            if (execution != null) {
                Optional<UUID> owner = execution.isEmpty() || execution.length() > 200
                        ? Optional.of(new UUID(0, 0))
                        : owners.tenantOf(execution);
                if (owner.isPresent() && !owner.get().equals(tenantId)) {
                    return CheckResult.rejectUpgradeSync(404);
                }
            }
            data.put(TENANT, tenant);
            data.put(EXPIRES, claims.getExpirationTime().getValueInMillis());
            return CheckResult.permitUpgradeSync();
        } catch (MalformedClaimException | IllegalArgumentException e) {
            return CheckResult.rejectUpgradeSync(401, CHALLENGE);
        }
    }
}
