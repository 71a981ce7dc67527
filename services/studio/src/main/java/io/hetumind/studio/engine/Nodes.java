package io.hetumind.studio.engine;

import io.hetumind.core.engine.Engine;
import io.hetumind.core.engine.ExecutionListener;
import io.hetumind.core.engine.FileBinaryStore;
import io.hetumind.core.spi.BinaryStore;
import io.hetumind.core.spi.NetworkPolicy;
import io.hetumind.core.spi.NodePolicy;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.core.spi.NodeScopes;
import io.hetumind.core.spi.NodeType;
import io.hetumind.platform.db.Jdbc;
import io.hetumind.sdk.plugin.LivePlugins;
import io.hetumind.sdk.plugin.PluginLoader;
import io.hetumind.studio.config.StudioConfig;
import io.hetumind.studio.credential.CredentialsConfig;
import io.hetumind.studio.credential.MasterKeys;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The node types this studio runs (every type on the class path, loaded once, plus the node plugins of
 * {@code hetumind.studio.plugins.dir}) and the one {@link Engine} of the
 * process: checkpoints in PostgreSQL, binaries on disk by reference, resume tokens every replica can verify, and the
 * listeners that publish live events, metrics and spans.
 */
@ApplicationScoped
public class Nodes {
    private static final Logger LOG = Logger.getLogger(Nodes.class);

    /**
     * The built-in node types plus the plugins of {@code hetumind.studio.plugins.dir}, reloadable
     * ({@code POST /api/v1/plugins/reload}); refused plugins are logged.
     */
    @Produces
    @Singleton
    LivePlugins plugins(PluginsConfig config) {
        NodeRegistry builtIns = NodeRegistry.load();
        Path dir = config.dir().map(Path::of).orElse(null);
        if (dir != null && !Files.isDirectory(dir)) {
            LOG.warnf("hetumind.studio.plugins.dir %s is not a directory: no node plugins loaded", dir);
        }
        LivePlugins live = LivePlugins.load(dir, builtIns, NodeType.class.getClassLoader());
        var plugins = live.current();
        plugins.loaded()
                .forEach(p -> LOG.infof(
                        "node plugin %s loaded from %s: %d node type(s), %d listener(s), permissions: %s",
                        p.label(),
                        p.jar(),
                        p.nodeTypes().size(),
                        p.listeners().size(),
                        p.manifest().permissions().summary()));
        plugins.refused().forEach(r -> LOG.errorf("node plugin refused: %s", r.message()));
        return live;
    }

    /** On shutdown: each plugin's {@code destroy} (bounded; a hanging one is left behind), then its class loader. */
    void closePlugins(@Disposes LivePlugins plugins) {
        plugins.close(PluginLoader.HOOK_TIMEOUT).forEach(p -> LOG.warnf("node plugin shutdown: %s", p));
    }

    @Produces
    @Singleton
    NodeRegistry registry(LivePlugins plugins) {
        return plugins.registry(); // switchable: a reload changes what it finds, prepared workflows keep theirs
    }

    @Produces
    @Singleton
    PgCheckpointer checkpointer(Jdbc db, io.micrometer.core.instrument.MeterRegistry meters) {
        return new PgCheckpointer(
                db,
                new io.hetumind.studio.config.BatchMeter(meters, "hetumind_checkpoint_batch", "checkpoint commits"));
    }

    @Produces
    @Singleton
    BinaryStore binaries(EngineConfig config, Jdbc db) {
        return switch (config.binaryStore()) {
            case file -> new FileBinaryStore(Path.of(config.binaryDir()), config.binaryMaxBytes());
            case postgres -> new PgBinaryStore(db, config.binaryMaxBytes());
        };
    }

    @Produces
    @Singleton
    Engine engine(
            LivePlugins plugins,
            PluginsConfig pluginsConfig,
            NodeRegistry registry,
            PgCheckpointer checkpointer,
            BinaryStore binaries,
            EngineConfig config,
            StudioConfig studio,
            CredentialsConfig credentials,
            NetworkPolicy network,
            NodePolicy nodePolicy,
            @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080") int port,
            @Any Instance<ExecutionListener> listeners) {
        Engine.Builder b = Engine.builder()
                .registry(registry)
                .checkpointer(checkpointer)
                .service(BinaryStore.class, binaries)
                .service(NetworkPolicy.class, network)
                .service(NodePolicy.class, nodePolicy)
                .globalConcurrency(config.globalConcurrency())
                .profileNodes(config.profileNodes())
                .parkAfter(config.parkAfter())
                .processZone(config.processZone())
                .listenerQueue(65_536)
                .resumeKey(resumeKey(config, credentials))
                .resumeUrlBase(
                        studio.publicUrl().orElse("http://localhost:" + port).replaceAll("/+$", "")
                                + config.resumePath());
        listeners.forEach(b::listener);
        if (pluginsConfig.dir().isPresent()) {
            // plugin nodes reach only what their plugin declares, on top of this instance's policies; the listener
            // hands events to the listeners of the plugins in service now, so a reload replaces them
            b.service(NodeScopes.class, plugins.scopes(nodePolicy));
            b.listener(plugins.listener());
        }
        return b.build();
    }

    /**
     * The key resume tokens are signed with: {@code hetumind.studio.engine.resume-key}, else one derived from the
     * active credentials master key (every replica has it). Set the resume key explicitly before rotating master keys
     * if waiting executions' resume URLs must stay valid across the rotation.
     */
    private static byte[] resumeKey(EngineConfig config, CredentialsConfig credentials) {
        if (config.resumeKey().isPresent()) {
            byte[] key = decode(
                    "hetumind.studio.engine.resume-key", config.resumeKey().get());
            if (key.length < 16) {
                throw new ConfigurationException("hetumind.studio.engine.resume-key must hold at least 16 bytes");
            }
            return key;
        }
        return MasterKeys.parse(credentials.masterKeys(), credentials.activeKey())
                .derive("hetumind execution resume tokens");
    }

    private static byte[] decode(String key, String value) {
        try {
            return Base64.getDecoder().decode(value.trim());
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(key + " is not base64: " + e.getMessage());
        }
    }
}
