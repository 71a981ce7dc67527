package io.hetumind.taskserver.ws;

import io.hetumind.platform.security.Claims;
import io.hetumind.platform.security.TokenVerifier;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.quarkus.websockets.next.UserData;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;

/**
 * Lets an upgrade to {@code /ws/agent} through only with a valid IAM agent token ({@code kind=agent}, permission
 * {@code agent:register}, a namespace); the verified tenant, namespace and expiry travel to the connection.
 */
@ApplicationScoped
public class AgentUpgradeCheck implements HttpUpgradeCheck {
    static final UserData.TypedKey<String> TENANT = UserData.TypedKey.forString("tenant");
    static final UserData.TypedKey<String> NAMESPACE = UserData.TypedKey.forString("namespace");
    static final UserData.TypedKey<String> SUBJECT = UserData.TypedKey.forString("subject");
    static final UserData.TypedKey<Long> EXPIRES = UserData.TypedKey.forLong("expires");
    private static final Logger LOG = Logger.getLogger(AgentUpgradeCheck.class);
    private static final Map<String, List<String>> CHALLENGE = Map.of("WWW-Authenticate", List.of("Bearer"));

    private final TokenVerifier verifier;

    public AgentUpgradeCheck(TokenVerifier verifier) {
        this.verifier = verifier;
    }

    @Override
    public boolean appliesTo(String endpointId) {
        return endpointId.equals(AgentSocket.class.getName());
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext ctx) {
        String header = ctx.httpRequest().getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return CheckResult.rejectUpgrade(401, CHALLENGE);
        }
        String token = header.substring(7).trim();
        // Verifying may fetch IAM's JWKS over HTTP: off the event loop.
        return Uni.createFrom()
                .item(() -> check(token, ctx.userData()))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private CheckResult check(String token, UserData data) {
        JwtClaims claims;
        try {
            claims = verifier.verify(token);
        } catch (ParseException e) {
            LOG.debugf("agent token refused: %s", e.getMessage());
            return CheckResult.rejectUpgradeSync(401, CHALLENGE);
        }
        try {
            Object perms = claims.getClaimValue(Claims.PERMS);
            boolean mayRegister = perms instanceof List<?> l && l.contains("agent:register");
            String ns = claims.getStringClaimValue(Claims.NAMESPACE);
            String tenant = claims.getStringClaimValue(Claims.TENANT);
            if (!"agent".equals(claims.getClaimValue(Claims.KIND)) || !mayRegister || ns == null || tenant == null) {
                return CheckResult.rejectUpgradeSync(403);
            }
            data.put(TENANT, tenant);
            data.put(NAMESPACE, ns);
            data.put(SUBJECT, claims.getSubject());
            data.put(EXPIRES, claims.getExpirationTime().getValueInMillis());
            return CheckResult.permitUpgradeSync();
        } catch (MalformedClaimException e) {
            return CheckResult.rejectUpgradeSync(401, CHALLENGE);
        }
    }
}
