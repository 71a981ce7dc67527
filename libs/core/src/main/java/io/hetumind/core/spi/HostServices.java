package io.hetumind.core.spi;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The host services and environment node code gets outside a run — an {@link OptionLoader} the designer calls — as a
 * run's {@link NodeContext#service} and {@code $env} give them: the host's, narrowed by its {@link NodeScopes} for the
 * node type ({@link #scoped}), so a plugin's loader reaches no host, file or variable its plugin does not declare.
 * The scopes themselves are never handed out.
 */
public final class HostServices {

    private static final HostServices NONE = new HostServices(Map.of(), Map.of(), null, null);

    private final Map<Class<?>, Object> services;
    private final Map<String, String> env;
    private final NodeScopes scopes;
    private final NodeType type;

    private HostServices(Map<Class<?>, Object> services, Map<String, String> env, NodeScopes scopes, NodeType type) {
        this.services = services;
        this.env = env;
        this.scopes = scopes;
        this.type = type;
    }

    /** No services and no environment (a node falls back to what it assumes without a host: allow-all policies). */
    public static HostServices none() {
        return NONE;
    }

    /**
     * The host's services by type (as {@code Engine.builder().service} takes them) and the environment it exposes as
     * {@code $env}; a {@link NodeScopes} among the services is not offered as a service.
     */
    public static HostServices of(Map<Class<?>, Object> services, Map<String, String> env) {
        Map<Class<?>, Object> copy = new LinkedHashMap<>(services);
        copy.remove(NodeScopes.class);
        return new HostServices(Map.copyOf(copy), Map.copyOf(env), null, null);
    }

    /** These services as nodes of {@code type} see them under {@code scopes} (null: unchanged). */
    public HostServices scoped(NodeScopes scopes, NodeType type) {
        return scopes == null ? this : new HostServices(services, env, scopes, type);
    }

    /** The service of {@code serviceType}, narrowed for the node type when scoped. */
    public <T> Optional<T> service(Class<T> serviceType) {
        if (serviceType == NodeScopes.class) {
            return Optional.empty();
        }
        T host = serviceType.cast(services.get(serviceType));
        return Optional.ofNullable(scopes == null ? host : scopes.service(type, serviceType, host));
    }

    /** The environment variable {@code name}, when the host exposes it and (when scoped) the node type may read it. */
    public Optional<String> env(String name) {
        String value = env.get(name);
        return value == null || (scopes != null && !scopes.envVisible(type, name))
                ? Optional.empty()
                : Optional.of(value);
    }
}
