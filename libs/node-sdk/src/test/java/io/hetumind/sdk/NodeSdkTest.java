package io.hetumind.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NodeSdkTest {

    @Test
    void sameMajorAndAnOlderOrEqualMinorAreCompatible() {
        assertThat(NodeSdk.incompatibility("1.0", "1.2.3")).isNull();
        assertThat(NodeSdk.incompatibility("1.2.9", "1.2.0")).isNull();
        assertThat(NodeSdk.incompatibility("2.0.0", "1.2.0"))
                .isEqualTo(
                        "it was built for node SDK 2.0.0 but this host provides node SDK 1.2.0 (major versions differ)");
        assertThat(NodeSdk.incompatibility("0.9", "1.0.0")).contains("major versions differ");
        assertThat(NodeSdk.incompatibility("1.3", "1.2.0")).contains("needs a newer minor version");
        assertThatThrownBy(() -> NodeSdk.incompatibility("1", "1.0.0"))
                .hasMessage("SDK version '1' is not MAJOR.MINOR[.PATCH]");
        assertThatThrownBy(() -> NodeSdk.incompatibility("1.-1", "1.0.0")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theArtifactVersionIsTheBuildsVersion() {
        assertThat(NodeSdk.ARTIFACT_VERSION).isNotBlank().doesNotContain("${");
        assertThat(NodeSdk.SDK_VERSION).matches("\\d+\\.\\d+\\.\\d+");
    }
}
