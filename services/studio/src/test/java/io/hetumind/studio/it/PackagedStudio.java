package io.hetumind.studio.it;

import io.hetumind.testkit.IamAndDatabase;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * IAM and a database for the packaged studio, plus what production configuration must provide (a credentials master
 * key) and what these tests need (their peers listen on loopback).
 */
public class PackagedStudio extends IamAndDatabase {
    /**
     * The test database as {@code postgresql://user[:password]@host:port/database}, for scenarios that point a node at
     * it (test resources run in the test's JVM); null before {@link #start()}.
     */
    static volatile String databaseUrl;

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        String url = config.get("hetumind.test.db-url");
        String password = config.getOrDefault("quarkus.datasource.password", "");
        databaseUrl = password.isEmpty()
                ? url
                : url.replaceFirst(
                        "^postgresql://([^@]*)@",
                        "postgresql://$1:"
                                + java.util.regex.Matcher.quoteReplacement(
                                        java.net.URLEncoder.encode(password, java.nio.charset.StandardCharsets.UTF_8))
                                + "@");
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        config.put(
                "hetumind.studio.credentials.master-keys.it",
                Base64.getEncoder().encodeToString(key));
        config.put("hetumind.studio.credentials.active-key", "it");
        config.put("hetumind.studio.nodes.allow-loopback", "true");
        return config;
    }
}
