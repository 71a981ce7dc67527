package io.hetumind.platform.security;

/** Names of the claims Hetumind puts in its access tokens. */
public final class Claims {
    /** The tenant (team) the token acts in. */
    public static final String TENANT = "tenant";
    /** Role names in that tenant. */
    public static final String ROLES = "roles";
    /** Permissions granted, e.g. {@code workflow:read}. */
    public static final String PERMS = "perms";
    /** For agent tokens: the namespace the agent may serve. */
    public static final String NAMESPACE = "ns";
    /** What kind of caller: {@code user}, {@code api-key} or {@code agent}. */
    public static final String KIND = "kind";
    /** The session (refresh-token family) a user token belongs to; signing out revokes it. */
    public static final String SESSION = "sid";

    private Claims() {}
}
