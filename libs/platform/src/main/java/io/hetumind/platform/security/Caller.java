package io.hetumind.platform.security;

import io.hetumind.platform.problem.ProblemException;
import jakarta.enterprise.context.RequestScoped;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Who is calling: user (or API key, or agent) and tenant, read from the verified access token. */
@RequestScoped
public class Caller {
    private final JsonWebToken jwt;

    public Caller(JsonWebToken jwt) {
        this.jwt = jwt;
    }

    /** True when the request carried a valid token. */
    public boolean authenticated() {
        return jwt != null && jwt.getRawToken() != null;
    }

    /** The subject's id; for users the user id. */
    public UUID subject() {
        return uuid(requireToken().getSubject(), "sub");
    }

    /** The tenant every query of this request is scoped to. */
    public UUID tenantId() {
        return uuid(requireToken().getClaim(Claims.TENANT), Claims.TENANT);
    }

    /** What kind of caller this is: user, api-key or agent. */
    public String kind() {
        Object kind = requireToken().getClaim(Claims.KIND);
        return kind == null ? "user" : kind.toString();
    }

    public Set<String> roles() {
        return requireToken().getGroups();
    }

    public Set<String> permissions() {
        Object perms = requireToken().getClaim(Claims.PERMS);
        if (perms instanceof Iterable<?> it) {
            java.util.HashSet<String> out = new java.util.HashSet<>();
            it.forEach(p -> out.add(unquote(p.toString())));
            return out;
        }
        return Set.of();
    }

    public boolean has(Permission permission) {
        return permissions().contains(permission.value());
    }

    /** Fails with 403 unless the token grants {@code permission}. */
    public void require(Permission permission) {
        if (!has(permission)) {
            throw ProblemException.forbidden("this operation needs the permission '" + permission.value() + "'");
        }
    }

    /** Fails with 403 unless the token grants every one of {@code permissions}. */
    public void requireAll(List<Permission> permissions) {
        permissions.forEach(this::require);
    }

    private JsonWebToken requireToken() {
        if (!authenticated()) {
            throw ProblemException.unauthorized("a valid bearer token is required");
        }
        return jwt;
    }

    private static UUID uuid(Object value, String claim) {
        try {
            return UUID.fromString(unquote(String.valueOf(value)));
        } catch (IllegalArgumentException e) {
            throw ProblemException.unauthorized("the token's '" + claim + "' claim is not an id");
        }
    }

    private static String unquote(String s) {
        // JSON-P string values print with quotes.
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }
}
