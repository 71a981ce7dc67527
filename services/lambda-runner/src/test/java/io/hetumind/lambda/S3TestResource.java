package io.hetumind.lambda;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Starts the in-process S3 server for the Quarkus test app and points the runner at it. */
public final class S3TestResource implements QuarkusTestResourceLifecycleManager {

    public static final String BUCKET = "runner-test";
    static volatile S3TestServer server;

    @Override
    public Map<String, String> start() {
        server = S3TestServer.start(BUCKET);
        return Map.of(
                "hetumind.lambda.s3.endpoint", server.endpoint().toString(),
                "hetumind.lambda.s3.access-key-id", S3TestServer.ACCESS_KEY,
                "hetumind.lambda.s3.secret-access-key", S3TestServer.SECRET_KEY);
    }

    @Override
    public void stop() {
        try {
            if (server != null) {
                server.close();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static S3TestServer server() {
        return server;
    }
}
