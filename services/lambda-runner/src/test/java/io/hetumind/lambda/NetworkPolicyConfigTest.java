package io.hetumind.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hetumind.core.spi.NetworkPolicy;
import io.hetumind.core.spi.NetworkRefusedException;
import io.hetumind.lambda.config.RunnerConfig;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NetworkPolicyConfigTest {

    private static RunnerConfig.Network config(boolean loopback, boolean privateNetworks, String... ranges) {
        return new RunnerConfig.Network() {
            @Override
            public boolean allowLoopback() {
                return loopback;
            }

            @Override
            public boolean allowPrivateNetworks() {
                return privateNetworks;
            }

            @Override
            public Optional<List<String>> allowedRanges() {
                return ranges.length == 0 ? Optional.empty() : Optional.of(List.of(ranges));
            }
        };
    }

    private static boolean reaches(NetworkPolicy policy, String ip, int port) throws Exception {
        try {
            policy.check(ip, InetAddress.getByName(ip), port);
            return true;
        } catch (NetworkRefusedException e) {
            return false;
        }
    }

    @Test
    void byDefaultOnlyPublicAddressesAreReachableNotTheRuntimeApiOnLoopback() throws Exception {
        NetworkPolicy policy = RunnerBeans.networkPolicy(config(false, false));
        assertThat(reaches(policy, "93.184.216.34", 443)).isTrue();
        assertThat(reaches(policy, "127.0.0.1", 9001))
                .as("Lambda's Runtime API")
                .isFalse();
        assertThat(reaches(policy, "::1", 80)).isFalse();
        assertThat(reaches(policy, "169.254.169.254", 80)).isFalse();
        assertThat(reaches(policy, "169.254.1.1", 80)).isFalse();
        assertThat(reaches(policy, "10.0.0.5", 5432)).isFalse();
        assertThat(reaches(policy, "192.168.1.1", 80)).isFalse();
    }

    @Test
    void loopbackPrivateNetworksAndRangesAreOptIn() throws Exception {
        assertThat(reaches(RunnerBeans.networkPolicy(config(true, false)), "127.0.0.1", 8080))
                .isTrue();
        NetworkPolicy vpc = RunnerBeans.networkPolicy(config(false, true));
        assertThat(reaches(vpc, "10.0.0.5", 5432)).isTrue();
        assertThat(reaches(vpc, "127.0.0.1", 9001)).isFalse();
        assertThat(reaches(vpc, "169.254.169.254", 80))
                .as("metadata stays refused")
                .isFalse();

        NetworkPolicy ranged = RunnerBeans.networkPolicy(config(false, false, "10.1.0.0/16@5432", "172.16.4.9"));
        assertThat(reaches(ranged, "10.1.2.3", 5432)).isTrue();
        assertThat(reaches(ranged, "10.1.2.3", 22)).isFalse();
        assertThat(reaches(ranged, "172.16.4.9", 22)).isTrue();
        assertThat(reaches(ranged, "10.2.0.1", 5432)).isFalse();
    }

    @Test
    void aBadRangeStopsTheStartNamingTheKeyAndTheText() {
        for (String bad : List.of("10.0.0.0/40", "not-an-ip", "10.0.0.0/8@http")) {
            assertThatThrownBy(() -> RunnerBeans.networkPolicy(config(false, false, bad)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("hetumind.lambda.network.allowed-ranges")
                    .hasMessageContaining(bad);
        }
        assertThatCode(() -> RunnerBeans.networkPolicy(config(false, false, "fd12::/64@443")))
                .doesNotThrowAnyException();
    }
}
