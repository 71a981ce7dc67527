package io.hetumind.lambda;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** Starts the Secrets Manager fake for the test app and points the runner's credentials at one of its secrets. */
public final class SecretsTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:hetumind-credentials";
    static volatile SecretsManagerFake fake;

    @Override
    public Map<String, String> start() {
        try {
            fake = new SecretsManagerFake();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(
                "hetumind.lambda.credentials.secret",
                SECRET,
                "hetumind.lambda.credentials.endpoint",
                fake.endpoint().toString(),
                "hetumind.lambda.credentials.cache-ttl",
                "PT1S");
    }

    @Override
    public void stop() {
        if (fake != null) {
            fake.close();
        }
    }

    public static SecretsManagerFake fake() {
        return fake;
    }
}
