package io.hetumind.consumer;

import io.hetumind.testkit.IamAndDatabase;
import java.util.HashMap;
import java.util.Map;

/**
 * The testkit's IAM process on a fresh test database ({@link IamAndDatabase}), with this app pointed at IAM's JWKS and,
 * having no database of its own, at IAM's database for the revocation list. IAM keeps its default token lifetime here:
 * these tests sign up once per class.
 */
public class IamProcessResource extends IamAndDatabase {
    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        config.put("hetumind.auth.revocation-db-url", config.get("hetumind.test.db-url"));
        return config;
    }

    @Override
    protected void environment(Map<String, String> env) {
        env.remove("HETUMIND_IAM_ACCESS_TOKEN_TTL");
    }
}
