package io.hetumind.iam;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hetumind.iam.config.IamConfig;
import io.hetumind.iam.security.MasterKey;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A bad configuration fails at start with a message that names the key. */
class ConfigTest {

    private static IamConfig config(Map<String, String> values) {
        SmallRyeConfig c = new SmallRyeConfigBuilder()
                .withMapping(IamConfig.class)
                // Quarkus' own duration syntax ("15m", "30d"), as at start-up.
                .withConverter(java.time.Duration.class, 200, new io.quarkus.runtime.configuration.DurationConverter())
                .withSources(new PropertiesConfigSource(values, "test", 500))
                .build();
        return c.getConfigMapping(IamConfig.class);
    }

    @Test
    void aMissingMasterKeyIsNamed() {
        assertThatThrownBy(() -> config(Map.of())).hasStackTraceContaining("hetumind.iam.master-key");
    }

    @Test
    void aMalformedMasterKeyIsNamed() {
        assertThatThrownBy(() -> new MasterKey(config(Map.of("hetumind.iam.master-key", "not base64!"))))
                .hasMessageContaining("hetumind.iam.master-key");
        assertThatThrownBy(() -> new MasterKey(config(Map.of("hetumind.iam.master-key", "c2hvcnQ="))))
                .hasMessageContaining("hetumind.iam.master-key")
                .hasMessageContaining("32 bytes");
    }

    @Test
    void aBadDurationIsNamed() {
        assertThatThrownBy(() -> config(Map.of(
                        "hetumind.iam.master-key", "dGVzdC1vbmx5LW1hc3Rlci1rZXktMzItYnl0ZXMtISE=",
                        "hetumind.iam.access-token-ttl", "forever")))
                .hasStackTraceContaining("hetumind.iam.access-token-ttl");
    }
}
