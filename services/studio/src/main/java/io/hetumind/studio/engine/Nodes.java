package io.hetumind.studio.engine;

import io.hetumind.core.engine.Engine;
import io.hetumind.core.engine.ExecutionListener;
import io.hetumind.core.engine.FileBinaryStore;
import io.hetumind.core.spi.BinaryStore;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.studio.config.StudioConfig;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The node types this studio runs (every type on the class path, loaded once) and the one {@link Engine} of the
 * process: checkpoints in PostgreSQL, binaries on disk by reference, resume tokens every replica can verify, and the
 * listeners that publish live events, metrics and spans.
 */
@ApplicationScoped
public class Nodes {
    @Produces
    @Singleton
    NodeRegistry registry() {
        return NodeRegistry.load();
    }

    @Produces
    @Singleton
    PgCheckpointer checkpointer(DataSource ds) {
        return new PgCheckpointer(ds);
    }

    @Produces
    @Singleton
    BinaryStore binaries(EngineConfig config) {
        return new FileBinaryStore(Path.of(config.binaryDir()), config.binaryMaxBytes());
    }

    @Produces
    @Singleton
    Engine engine(
            NodeRegistry registry,
            PgCheckpointer checkpointer,
            BinaryStore binaries,
            EngineConfig config,
            StudioConfig studio,
            @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080") int port,
            @Any Instance<ExecutionListener> listeners) {
        Engine.Builder b = Engine.builder()
                .registry(registry)
                .checkpointer(checkpointer)
                .service(BinaryStore.class, binaries)
                .globalConcurrency(config.globalConcurrency())
                .parkAfter(config.parkAfter())
                .listenerQueue(65_536)
                .resumeKey(resumeKey(config, studio.masterKey()))
                .resumeUrlBase(
                        studio.publicUrl().orElse("http://localhost:" + port).replaceAll("/+$", "")
                                + config.resumePath());
        listeners.forEach(b::listener);
        return b.build();
    }

    private static byte[] resumeKey(EngineConfig config, Optional<String> masterKey) {
        if (config.resumeKey().isPresent()) {
            byte[] key = decode(
                    "hetumind.studio.engine.resume-key", config.resumeKey().get());
            if (key.length < 16) {
                throw new ConfigurationException("hetumind.studio.engine.resume-key must hold at least 16 bytes");
            }
            return key;
        }
        if (masterKey.isEmpty()) {
            throw new ConfigurationException("set hetumind.studio.engine.resume-key or hetumind.studio.master-key"
                    + " (base64): resume tokens must verify on every replica");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(decode("hetumind.studio.master-key", masterKey.get()), "HmacSHA256"));
            return mac.doFinal("hetumind execution resume tokens".getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] decode(String key, String value) {
        try {
            return Base64.getDecoder().decode(value.trim());
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(key + " is not base64: " + e.getMessage());
        }
    }
}
