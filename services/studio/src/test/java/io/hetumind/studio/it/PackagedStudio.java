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
    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
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
