package io.hetumind.studio.temporal;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** How the studio reaches Temporal ({@code HETUMIND_TEMPORAL_*}); {@code hetumind.executor} picks the backend. */
@ConfigMapping(prefix = "hetumind.temporal")
public interface TemporalConfig {
    /**
     * Whether this studio connects to Temporal (and, in the {@code all} and {@code worker} roles, runs a Temporal
     * worker); defaults to on exactly when {@code hetumind.executor} is {@code temporal}. Set it on a studio
     * switched back to {@code native} while executions started on Temporal still wait, so they finish.
     */
    Optional<Boolean> enabled();

    /** The Temporal frontend, {@code host:port}. */
    @WithDefault("127.0.0.1:7233")
    String target();

    /** The Temporal namespace executions run in (create it first on a real cluster). */
    @WithDefault("default")
    String namespace();

    /** The task queue the studio's workflow and node activities are polled from; every studio must share it. */
    @WithDefault("hetumind-executions")
    String taskQueue();

    /** The longest one node try may run (the activity's start-to-close timeout). */
    @WithDefault("1h")
    Duration nodeTimeout();

    /** How long a worker may stay silent while a node runs before the try is retried on another worker. */
    @WithDefault("30s")
    Duration heartbeatTimeout();

    /**
     * The history length (events) after which an execution's workflow continues as new at its next quiet moment
     * (no node try running), handing its state on through {@code temporal_run_data}; at least 100.
     */
    @WithDefault("4000")
    int continueAsNewAfter();

    /**
     * How long a run thread waits on a Temporal execution before looking whether it parked: a wait longer than
     * {@code hetumind.studio.engine.park-after} frees the thread and the queue slot, like a native park.
     */
    @WithDefault("1s")
    Duration poll();

    /** TLS towards the frontend (a self-hosted cluster with TLS, or Temporal Cloud with mTLS certificates). */
    Tls tls();

    /**
     * A Temporal Cloud API key, sent as {@code Authorization: Bearer …} with the namespace as the
     * {@code temporal-namespace} header; implies TLS. Keep it in a secret ({@code HETUMIND_TEMPORAL_API_KEY}).
     */
    Optional<String> apiKey();

    /** {@code hetumind.temporal.tls.*}: any key set here (or an API key) turns TLS on. */
    interface Tls {
        /** Speak TLS trusting the JVM's CAs even when no other TLS key is set. */
        @WithDefault("false")
        boolean enabled();

        /** The client certificate chain (PEM file) for mutual TLS; needs {@code client-key}. */
        Optional<String> clientCert();

        /** The client certificate's private key, an unencrypted PKCS#8 PEM file ({@code BEGIN PRIVATE KEY}). */
        Optional<String> clientKey();

        /** The CA certificate(s) (PEM file) the server's certificate must chain to; unset: the JVM's CAs. */
        Optional<String> serverCa();

        /** The name the server's certificate carries when it is not the target's host. */
        Optional<String> serverName();
    }
}
