package io.hetumind.lambda;

import io.hetumind.core.engine.Engine;
import io.hetumind.core.engine.ProcessZone;
import io.hetumind.core.expr.CodeBudget;
import io.hetumind.core.spi.AddressClass;
import io.hetumind.core.spi.CredentialResolver;
import io.hetumind.core.spi.NetworkPolicy;
import io.hetumind.core.spi.NodePolicy;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.core.spi.NodeScopes;
import io.hetumind.core.spi.NodeType;
import io.hetumind.lambda.config.RunnerConfig;
import io.hetumind.lambda.credentials.SecretCredentials;
import io.hetumind.lambda.state.S3BinaryStore;
import io.hetumind.lambda.state.S3Checkpointer;
import io.hetumind.sdk.plugin.PluginLoader;
import io.hetumind.sdk.plugin.Plugins;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;

/**
 * The runner's long-lived parts, built once per Lambda environment while it starts (before SnapStart's snapshot
 * when it is on): the S3 client, the S3 stores and the engine with every node type loaded. CDI singletons are built
 * on first use, so the S3 client and the engine are {@link Startup} beans (the stores come with them).
 */
public final class RunnerBeans {

    private static final Logger LOG = Logger.getLogger(RunnerBeans.class);

    /** The policy every node's connections go through: public addresses, plus what the configuration allows. */
    static NetworkPolicy networkPolicy(RunnerConfig.Network config) {
        NetworkPolicy.Builder b = NetworkPolicy.builder();
        if (config.allowLoopback()) {
            b.allow(AddressClass.LOOPBACK);
        }
        if (config.allowPrivateNetworks()) {
            b.allow(AddressClass.PRIVATE);
        }
        for (String range : config.allowedRanges().orElse(List.of())) {
            try {
                b.allowRangeSpec(range);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(
                        "hetumind.lambda.network.allowed-ranges: " + e.getMessage() + " (CIDR or CIDR@port)", e);
            }
        }
        NetworkPolicy policy = b.build();
        LOG.infof("workflows may reach: %s", policy);
        return policy;
    }

    @Produces
    @Singleton
    @Startup // built while the function starts (before SnapStart's snapshot), not by the first request
    S3Client s3(RunnerConfig config) {
        RunnerConfig.S3 c = config.s3();
        S3ClientBuilder b = s3Builder().forcePathStyle(c.pathStyle());
        c.endpoint().ifPresent(b::endpointOverride);
        awsAccess(c, b);
        return b.build();
    }

    /**
     * The S3 client every part of the runner uses. Each body it sends is a byte array in memory, so it goes as one plain
     * payload with its checksum in a header: no {@code aws-chunked} framing with a trailing checksum, which
     * S3-compatible servers (S3Proxy, older MinIO and Ceph) answer before reading the trailer and then cut the
     * connection under the client, one write in ten (SDK 2.57, measured against S3Proxy 4.1).
     */
    public static S3ClientBuilder s3Builder() {
        return S3Client.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .serviceConfiguration(
                        S3Configuration.builder().chunkedEncodingEnabled(false).build());
    }

    /** The region and, outside AWS, the static keys of {@code hetumind.lambda.s3.*}, for every AWS client. */
    private static void awsAccess(RunnerConfig.S3 c, AwsClientBuilder<?, ?> b) {
        c.region().map(Region::of).ifPresent(b::region);
        if (c.accessKeyId().isPresent()) {
            b.credentialsProvider(
                    StaticCredentialsProvider.create(
                            AwsBasicCredentials.create(
                                    c.accessKeyId().get(),
                                    c.secretAccessKey()
                                            .orElseThrow(
                                                    () -> new IllegalStateException(
                                                            "hetumind.lambda.s3.access-key-id is set but hetumind.lambda.s3.secret-access-key is not")))));
        }
    }

    /**
     * Workflow nodes' credentials: the Secrets Manager secret of {@code hetumind.lambda.credentials.secret}, read when a
     * node first needs one (never at start: no secret in a SnapStart snapshot); without it, a resolver that says how to
     * give one.
     */
    @Produces
    @Singleton
    CredentialResolver credentials(RunnerConfig config) {
        RunnerConfig.Credentials c = config.credentials();
        if (c.secret().isEmpty()) {
            return SecretCredentials.NONE;
        }
        SecretsManagerClientBuilder b = SecretsManagerClient.builder().httpClient(UrlConnectionHttpClient.create());
        c.endpoint().ifPresent(b::endpointOverride);
        awsAccess(config.s3(), b);
        return new SecretCredentials(b.build(), c.secret().get(), c.cacheTtl());
    }

    void close(@Disposes S3Client s3) {
        s3.close();
    }

    @Produces
    @Singleton
    S3Checkpointer checkpointer(S3Client s3, RunnerConfig config) {
        return new S3Checkpointer(s3, config.bucket(), config.prefix().orElse(""));
    }

    @Produces
    @Singleton
    S3BinaryStore binaryStore(S3Client s3, S3Checkpointer layout, RunnerConfig config) {
        return new S3BinaryStore(s3, layout, config.maxBinaryBytes());
    }

    /**
     * The built-in node types plus the plugins of {@code hetumind.lambda.plugins-dir}; a refused plugin is logged and
     * left out, the function starts regardless.
     */
    @Produces
    @Singleton
    Plugins plugins(RunnerConfig config) {
        NodeRegistry builtIns = NodeRegistry.load(RunnerBeans.class.getClassLoader());
        if (config.pluginsDir().isEmpty()) {
            return Plugins.none(builtIns);
        }
        Path dir = Path.of(config.pluginsDir().get());
        Plugins plugins = PluginLoader.load(dir, builtIns, NodeType.class.getClassLoader());
        plugins.loaded()
                .forEach(p -> LOG.infof(
                        "node plugin %s loaded from %s: %d node type(s), permissions: %s",
                        p.label(),
                        p.jar(),
                        p.nodeTypes().size(),
                        p.manifest().permissions().summary()));
        plugins.refused().forEach(r -> LOG.errorf("node plugin refused: %s", r.message()));
        return plugins;
    }

    /** When the environment shuts down: each plugin's {@code destroy} (bounded), then its class loader. */
    void closePlugins(@Disposes Plugins plugins) {
        plugins.close(PluginLoader.HOOK_TIMEOUT).forEach(p -> LOG.warnf("node plugin shutdown: %s", p));
    }

    @Produces
    @Singleton
    @Startup // every node type loaded and checked while the function starts, not by the first request
    Engine engine(S3Checkpointer checkpointer, RunnerConfig config, Plugins plugins) {
        NetworkPolicy network = networkPolicy(config.network());
        long t0 = System.nanoTime();
        NodeRegistry registry = plugins.registry();
        LOG.infof(
                "engine ready: %d node types loaded in %d ms",
                registry.all().size(), (System.nanoTime() - t0) / 1_000_000);
        Engine.Builder b = Engine.builder()
                .registry(registry)
                .checkpointer(checkpointer)
                .service(CodeBudget.class, CodeBudget.fromEnvironment(System.getenv()))
                .processZone(ProcessZone.fromEnvironment(System.getenv()))
                .service(NetworkPolicy.class, network)
                .env(Map.of()); // workflows see no environment variables of the function
        if (!plugins.loaded().isEmpty()) {
            // plugin nodes reach only what their plugin declares (and the network policy allows); their listeners
            // hear every run
            b.service(NodeScopes.class, plugins.scopes(NodePolicy.allowAll()));
            plugins.listeners().forEach(b::listener);
        }
        return b.build();
    }
}
