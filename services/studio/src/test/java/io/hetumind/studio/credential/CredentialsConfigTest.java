package io.hetumind.studio.credential;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The master keys can be given in the environment, as deployments do (README: credentials, configuration). */
class CredentialsConfigTest {
    @Test
    void masterKeysAndTheActiveIdComeFromTheEnvironment() {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new EnvConfigSource(
                        Map.of(
                                "HETUMIND_STUDIO_CREDENTIALS_MASTER_KEYS_K2025",
                                "dGVzdC1vbmx5LXN0dWRpby1tYXN0ZXIta2V5LTMyYiE=",
                                "HETUMIND_STUDIO_CREDENTIALS_ACTIVE_KEY",
                                "k2025"),
                        300))
                .withConverter(java.time.Duration.class, 200, new io.quarkus.runtime.configuration.DurationConverter())
                .withMapping(CredentialsConfig.class)
                .build();
        CredentialsConfig c = config.getConfigMapping(CredentialsConfig.class);
        assertThat(MasterKeys.parse(c.masterKeys(), c.activeKey()).ids()).containsExactly("k2025");
        assertThat(c.rewrapAtStart()).isTrue();
    }
}
