package io.hetumind.sdk.plugin;

import io.hetumind.core.spi.ConfinedFiles;
import io.hetumind.core.spi.CredentialResolver;
import io.hetumind.core.spi.NetworkPolicy;
import io.hetumind.core.spi.NodePolicy;
import io.hetumind.core.spi.NodeScopes;
import io.hetumind.core.spi.NodeType;
import java.util.List;

/**
 * What a plugin's nodes see at run time, from its {@link PluginPermissions}: the host's {@link NetworkPolicy}
 * narrowed to the declared hosts (the host's allow-all when it has none), a {@link ConfinedFiles} holding the
 * declared roots (none unless the host's {@link NodePolicy} allows local files), and {@code $env} narrowed to the
 * declared names, and no {@link CredentialResolver} (its nodes get the credentials assigned to them through
 * {@code ctx.credentials}). Other services pass through; built-in node types see everything unchanged. Hosts register it with
 * {@code Engine.builder().service(NodeScopes.class, plugins.scopes(nodePolicy))}.
 */
public final class PluginScopes implements NodeScopes {

    private final NodePolicy hostPolicy;

    PluginScopes(NodePolicy hostPolicy) {
        this.hostPolicy = hostPolicy == null ? NodePolicy.allowAll() : hostPolicy;
    }

    @Override
    public <T> T service(NodeType type, Class<T> serviceType, T hostService) {
        if (!(type.getClass().getClassLoader() instanceof PluginClassLoader loader)) {
            return hostService;
        }
        PluginManifest m = loader.manifest();
        PluginPermissions p = m.permissions();
        String who = "plugin " + m.label();
        if (serviceType == NetworkPolicy.class) {
            NetworkPolicy base = hostService == null ? NetworkPolicy.allowAll() : (NetworkPolicy) hostService;
            return serviceType.cast(base.onlyHosts(p.hosts(), who));
        }
        if (serviceType == ConfinedFiles.class) {
            if (!hostPolicy.allows(NodePolicy.Capability.LOCAL_FILES)) {
                return serviceType.cast(ConfinedFiles.of(
                        List.of(),
                        List.of(),
                        who + " on this instance (its administrator does not allow nodes to"
                                + " read or write the host's disk)"));
            }
            return serviceType.cast(ConfinedFiles.of(p.readRoots(), p.writeRoots(), who));
        }
        if (serviceType == CredentialResolver.class) {
            return null; // a plugin's node gets the credentials assigned to it (ctx.credentials), not the tenant's
        }
        return hostService;
    }

    @Override
    public boolean envVisible(NodeType type, String name) {
        return !(type.getClass().getClassLoader() instanceof PluginClassLoader loader)
                || loader.manifest().permissions().env().contains(name);
    }
}
