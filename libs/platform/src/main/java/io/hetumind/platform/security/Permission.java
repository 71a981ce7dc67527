package io.hetumind.platform.security;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every permission a Hetumind token can carry. Services check these constants, never raw strings, so a typo is a
 * compile error and IAM refuses to grant a name no service knows. The wire form ({@link #value()}) is what tokens,
 * roles and API keys carry.
 */
public enum Permission {
    WORKFLOW_READ("workflow:read"),
    WORKFLOW_WRITE("workflow:write"),
    EXECUTION_RUN("execution:run"),
    CREDENTIAL_USE("credential:use"),
    CREDENTIAL_WRITE("credential:write"),
    JOB_READ("job:read"),
    JOB_WRITE("job:write"),
    AGENT_REGISTER("agent:register"),
    TENANT_WRITE("tenant:write"),
    TENANT_DELETE("tenant:delete"),
    USER_READ("user:read"),
    USER_WRITE("user:write"),
    ROLE_WRITE("role:write"),
    APIKEY_WRITE("apikey:write"),
    AGENTTOKEN_WRITE("agenttoken:write"),
    AUDIT_READ("audit:read"),
    /** Held by the instance's first user: instance-wide operations such as key rotation or pruning settings. */
    INSTANCE_ADMIN("instance:admin");

    private static final Map<String, Permission> BY_VALUE =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(Permission::value, Function.identity()));

    private final String value;

    Permission(String value) {
        this.value = value;
    }

    /** The name tokens carry, e.g. {@code workflow:read}. */
    public String value() {
        return value;
    }

    /** The permission named {@code value}, if Hetumind knows it. */
    public static Optional<Permission> of(String value) {
        return Optional.ofNullable(BY_VALUE.get(value));
    }

    @Override
    public String toString() {
        return value;
    }
}
