package io.hetumind.studio.credential;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;

/**
 * The credentials area's settings ({@code hetumind.studio.credentials.*}). Master keys are the only secrets of the
 * studio's configuration: keep them out of files that are checked in.
 */
@ConfigMapping(prefix = "hetumind.studio.credentials")
public interface CredentialsConfig {
    /**
     * Master keys by key id, each the base64 of 32 random bytes ({@code openssl rand -base64 32}). Keep every key
     * that still wraps a record until a re-wrap has moved them all to the active key.
     */
    Map<String, String> masterKeys();

    /** The id (in {@link #masterKeys()}) of the key that wraps new records and that re-wrapping moves records to. */
    String activeKey();

    /** Whether start-up re-wraps the data keys of records still under an older master key (see README). */
    @WithDefault("true")
    boolean rewrapAtStart();

    /** How long "test credential" may take to connect and answer. */
    @WithDefault("5s")
    Duration testTimeout();
}
