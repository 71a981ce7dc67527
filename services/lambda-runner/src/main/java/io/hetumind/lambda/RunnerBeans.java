package io.hetumind.lambda;

import io.hetumind.core.engine.Engine;
import io.hetumind.core.expr.CodeBudget;
import io.hetumind.core.spi.AddressClass;
import io.hetumind.core.spi.NetworkPolicy;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.lambda.config.RunnerConfig;
import io.hetumind.lambda.state.S3BinaryStore;
import io.hetumind.lambda.state.S3Checkpointer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

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
        S3ClientBuilder b =
                S3Client.builder().httpClient(UrlConnectionHttpClient.create()).forcePathStyle(c.pathStyle());
        c.endpoint().ifPresent(b::endpointOverride);
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
        return b.build();
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

    @Produces
    @Singleton
    @Startup // every node type loaded and checked while the function starts, not by the first request
    Engine engine(S3Checkpointer checkpointer, RunnerConfig config) {
        NetworkPolicy network = networkPolicy(config.network());
        long t0 = System.nanoTime();
        NodeRegistry registry = NodeRegistry.load(RunnerBeans.class.getClassLoader());
        LOG.infof(
                "engine ready: %d node types loaded in %d ms",
                registry.all().size(), (System.nanoTime() - t0) / 1_000_000);
        return Engine.builder()
                .registry(registry)
                .checkpointer(checkpointer)
                .service(CodeBudget.class, CodeBudget.fromEnvironment(System.getenv()))
                .service(NetworkPolicy.class, network)
                .env(Map.of()) // workflows see no environment variables of the function
                .build();
    }
}
