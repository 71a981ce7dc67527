package io.hetumind.lambda;

import io.hetumind.core.engine.Engine;
import io.hetumind.core.expr.CodeBudget;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.lambda.config.RunnerConfig;
import io.hetumind.lambda.state.S3BinaryStore;
import io.hetumind.lambda.state.S3Checkpointer;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * The runner's long-lived parts, built once per Lambda environment (before SnapStart's snapshot
 * when it is on): the S3 client, the S3 stores and the engine with every node type loaded.
 */
public final class RunnerBeans {

    @Produces
    @Singleton
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
    Engine engine(S3Checkpointer checkpointer) {
        return Engine.builder()
                .registry(NodeRegistry.load(RunnerBeans.class.getClassLoader()))
                .checkpointer(checkpointer)
                .service(CodeBudget.class, CodeBudget.fromEnvironment(System.getenv()))
                .env(Map.of()) // workflows see no environment variables of the function
                .build();
    }
}
