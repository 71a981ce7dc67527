package io.hetumind.studio.designer;

import io.hetumind.platform.config.AuthConfig;
import io.hetumind.studio.config.StudioConfig;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.util.Set;

/**
 * {@code /iam/api/v1/<area>/…} → IAM's {@code /api/v1/<area>/…}, so the browser talks to one origin. Only IAM's public
 * API areas pass ({@link #AREAS}); its key rotation, JWKS, health and metrics do not. What crosses:
 *
 * <ul>
 *   <li>to IAM: the method, path and query, the body, {@code Content-Type}, {@code Accept}, {@code Authorization} and
 *       {@code X-Forwarded-For} set to <em>this</em> server's view of the client's address (the socket peer, or what a
 *       proxy the studio trusts said) — a browser's own {@code X-Forwarded-For} is never passed on, so IAM's
 *       per-address sign-in throttle counts the real client and a client cannot pick an address to dodge it. IAM
 *       believes the header only from its trusted proxies ({@code quarkus.http.proxy.trusted-proxies}, loopback by
 *       default);
 *   <li>back: the status, the body, {@code Content-Type}, {@code Retry-After} (throttling), {@code Location}, {@code
 *       ETag}.
 * </ul>
 *
 * IAM unreachable is a 502 problem, no answer within {@code iam-timeout} a 504 problem ({@link PassThrough}).
 */
@ApplicationScoped
public class IamPassThrough {
    static final String PREFIX = "/iam";
    static final Set<String> AREAS = Set.of(
            "auth",
            "users",
            "tenants",
            "memberships",
            "invitations",
            "roles",
            "api-keys",
            "agent-tokens",
            "audit-events");

    private final boolean serves;
    private final PassThrough pass;

    public IamPassThrough(StudioConfig studio, DesignerConfig config, AuthConfig auth) {
        this.serves = studio.role().runsApi();
        this.pass = new PassThrough(new PassThrough.Target(
                PREFIX,
                "iam",
                "IAM",
                iamBase(config, auth),
                AREAS,
                config.iamConnectTimeout(),
                config.iamTimeout(),
                null));
    }

    /** The configured IAM URL, else the origin of the JWKS URL. */
    static URI iamBase(DesignerConfig config, AuthConfig auth) {
        URI uri = URI.create(config.iamUrl().orElseGet(() -> auth.jwksUrl()));
        if (uri.getHost() == null || uri.getScheme() == null) {
            throw new IllegalStateException(
                    "hetumind.studio.designer.iam-url must be an absolute http(s) URL, got " + uri);
        }
        return uri;
    }

    void install(@Observes Router router, Vertx vertx) {
        if (serves) {
            pass.install(router, vertx);
        }
    }

    /** {@code /api/v1/<one of AREAS>[/…]} with plain segments (no dot segments, no encoded characters). */
    static boolean allowed(String path) {
        return PassThrough.allowed(path, AREAS);
    }
}
