package io.hetumind.studio.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hetumind.executor.temporal.TemporalConnection;
import io.hetumind.executor.temporal.TemporalOptions;
import io.quarkus.runtime.configuration.ConfigurationException;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code hetumind.executor} and {@code hetumind.temporal.*}: a bad value stops the start with a message naming it. */
class TemporalConfigTest {

    private record Keys(
            Optional<Boolean> enabled,
            String target,
            String namespace,
            String taskQueue,
            Duration nodeTimeout,
            Duration heartbeatTimeout,
            Duration poll,
            Tls tls,
            Optional<String> apiKey,
            int continueAsNewAfter)
            implements TemporalConfig {

        Keys(
                Optional<Boolean> enabled,
                String target,
                String namespace,
                String taskQueue,
                Duration nodeTimeout,
                Duration heartbeatTimeout,
                Duration poll) {
            this(
                    enabled,
                    target,
                    namespace,
                    taskQueue,
                    nodeTimeout,
                    heartbeatTimeout,
                    poll,
                    NO_TLS,
                    Optional.empty(),
                    4000);
        }

        Keys continuingAfter(int events) {
            return new Keys(
                    enabled, target, namespace, taskQueue, nodeTimeout, heartbeatTimeout, poll, tls, apiKey, events);
        }

        Keys with(Tls tls, String apiKey) {
            return new Keys(
                    enabled,
                    target,
                    namespace,
                    taskQueue,
                    nodeTimeout,
                    heartbeatTimeout,
                    poll,
                    tls,
                    Optional.ofNullable(apiKey),
                    continueAsNewAfter);
        }
    }

    private record TlsKeys(
            boolean enabled,
            Optional<String> clientCert,
            Optional<String> clientKey,
            Optional<String> serverCa,
            Optional<String> serverName)
            implements TemporalConfig.Tls {}

    private static final TlsKeys NO_TLS =
            new TlsKeys(false, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    private static Keys defaults() {
        return new Keys(
                Optional.empty(),
                "127.0.0.1:7233",
                "default",
                "hetumind-executions",
                Duration.ofHours(1),
                Duration.ofSeconds(30),
                Duration.ofSeconds(1));
    }

    @Test
    void theBackendIsNativeOrTemporalInAnyCase() {
        assertThat(TemporalBackend.backend("native")).isEqualTo(Backend.NATIVE);
        assertThat(TemporalBackend.backend(" Temporal ")).isEqualTo(Backend.TEMPORAL);
        assertThatThrownBy(() -> TemporalBackend.backend("temporall"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(
                        "hetumind.executor (HETUMIND_EXECUTOR) must be native or temporal, was 'temporall'");
    }

    @Test
    void goodKeysBecomeTheExecutorsOptions() {
        Keys k = new Keys(
                Optional.of(true),
                "temporal-frontend.temporal:7233",
                "hetumind",
                "q",
                Duration.ofMinutes(5),
                Duration.ofSeconds(10),
                Duration.ofMillis(500));
        TemporalOptions o = TemporalBackend.options(k, Backend.TEMPORAL);
        assertThat(o.target()).isEqualTo("temporal-frontend.temporal:7233");
        assertThat(o.namespace()).isEqualTo("hetumind");
        assertThat(o.taskQueue()).isEqualTo("q");
        assertThat(o.nodeTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(o.heartbeatTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(TemporalBackend.options(defaults(), Backend.NATIVE).target()).isEqualTo("127.0.0.1:7233");
    }

    @Test
    void badKeysAreRefusedByName() {
        Keys d = defaults();
        assertThatThrownBy(() -> TemporalBackend.options(
                        new Keys(
                                d.enabled(),
                                "temporal",
                                d.namespace(),
                                d.taskQueue(),
                                d.nodeTimeout(),
                                d.heartbeatTimeout(),
                                d.poll()),
                        Backend.TEMPORAL))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("hetumind.temporal.target must be host:port")
                .hasMessageContaining("'temporal'");
        assertThatThrownBy(() -> TemporalBackend.options(
                        new Keys(
                                d.enabled(),
                                d.target(),
                                " ",
                                d.taskQueue(),
                                d.nodeTimeout(),
                                d.heartbeatTimeout(),
                                d.poll()),
                        Backend.TEMPORAL))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("hetumind.temporal.namespace must be set");
        assertThatThrownBy(() -> TemporalBackend.options(
                        new Keys(
                                d.enabled(),
                                d.target(),
                                d.namespace(),
                                d.taskQueue(),
                                d.nodeTimeout(),
                                Duration.ofMillis(200),
                                d.poll()),
                        Backend.TEMPORAL))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("hetumind.temporal.heartbeat-timeout must be at least 1s");
        assertThatThrownBy(() -> TemporalBackend.options(
                        new Keys(
                                Optional.of(false),
                                d.target(),
                                d.namespace(),
                                d.taskQueue(),
                                d.nodeTimeout(),
                                d.heartbeatTimeout(),
                                d.poll()),
                        Backend.TEMPORAL))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("hetumind.temporal.enabled=false contradicts hetumind.executor=temporal");
        assertThatThrownBy(() -> TemporalBackend.options(
                        new Keys(
                                d.enabled(),
                                d.target(),
                                d.namespace(),
                                d.taskQueue(),
                                d.nodeTimeout(),
                                d.heartbeatTimeout(),
                                Duration.ofMillis(1)),
                        Backend.NATIVE))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("hetumind.temporal.poll must be at least 10ms");
        assertThatThrownBy(() -> TemporalBackend.options(d.continuingAfter(50), Backend.TEMPORAL))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("hetumind.temporal.continue-as-new-after must be at least 100 events, was 50");
        assertThat(TemporalBackend.options(d.continuingAfter(250), Backend.TEMPORAL)
                        .continueAsNewAfter())
                .isEqualTo(250);
        assertThat(TemporalBackend.options(d, Backend.TEMPORAL).continueAsNewAfter())
                .isEqualTo(TemporalOptions.DEFAULT_CONTINUE_AS_NEW_AFTER);
    }

    @Test
    void connectionKeysBecomeTheConnection() {
        Keys d = defaults();
        TemporalConnection plain = TemporalBackend.connection(d, TemporalBackend.options(d, Backend.TEMPORAL));
        assertThat(plain.secure()).isFalse();

        Keys cloud = new Keys(
                        Optional.empty(),
                        "ns.acct.tmprl.cloud:7233",
                        "ns.acct",
                        "hetumind-executions",
                        Duration.ofHours(1),
                        Duration.ofSeconds(30),
                        Duration.ofSeconds(1))
                .with(NO_TLS, "secret-key");
        TemporalConnection c = TemporalBackend.connection(cloud, TemporalBackend.options(cloud, Backend.TEMPORAL));
        assertThat(c.secure()).as("an API key implies TLS").isTrue();
        assertThat(c.apiKey()).isEqualTo("secret-key");
        assertThat(c.namespace()).isEqualTo("ns.acct");
        assertThat(c.stubsOptions().getSslContext()).isNotNull();

        Keys named = d.with(
                new TlsKeys(
                        false, Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("frontend.example")),
                null);
        TemporalConnection n = TemporalBackend.connection(named, TemporalBackend.options(named, Backend.TEMPORAL));
        assertThat(n.tls().serverName()).as("any TLS key turns TLS on").isEqualTo("frontend.example");
    }

    @Test
    void badConnectionKeysStopTheStartByName() {
        Keys d = defaults();
        Keys certOnly = d.with(
                new TlsKeys(
                        false,
                        Optional.of("/etc/hetumind/client.pem"),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty()),
                null);
        assertThatThrownBy(() -> TemporalBackend.connection(certOnly, TemporalBackend.options(d, Backend.TEMPORAL)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(
                        "hetumind.temporal.tls.client-cert and hetumind.temporal.tls.client-key go together");
        Keys missingCa = d.with(
                new TlsKeys(
                        false,
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of("/nonexistent/ca.pem"),
                        Optional.empty()),
                null);
        assertThatThrownBy(() -> TemporalBackend.connection(missingCa, TemporalBackend.options(d, Backend.TEMPORAL)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("hetumind.temporal.tls.server-ca names /nonexistent/ca.pem");
    }
}
