package io.hetumind.core.spi;

/**
 * A host's narrowing of what some node types see through their {@link NodeContext}: the services they get and the
 * environment variables ({@code $env}) they may read. The engine asks it on every {@link NodeContext#service} call
 * and {@code $env} read of a node run when the host registered one
 * ({@code Engine.builder().service(NodeScopes.class, …)}); node plugins use it so that a plugin's nodes reach only
 * what the plugin declares. Nodes never see the scopes themselves.
 */
public interface NodeScopes {

    /**
     * The service nodes of {@code type} get for {@code serviceType}, given the host's ({@code hostService}, null when
     * the host has none): {@code hostService} itself for an unrestricted type, a narrowed view, a service the host
     * does not offer to others (a confined file service), or null.
     */
    <T> T service(NodeType type, Class<T> serviceType, T hostService);

    /** Whether nodes of {@code type} may read the environment variable {@code name} the host exposes as $env. */
    boolean envVisible(NodeType type, String name);
}
