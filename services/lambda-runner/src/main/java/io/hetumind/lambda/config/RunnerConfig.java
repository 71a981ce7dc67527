package io.hetumind.lambda.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Configuration of the Lambda runner ({@code HETUMIND_LAMBDA_*} environment variables on Lambda). */
@ConfigMapping(prefix = "hetumind.lambda")
public interface RunnerConfig {

    /** Bucket holding execution state ({@code executions/<id>/state.json.gz}), binary data and workflows. */
    String bucket();

    /** Key prefix inside the bucket, empty or ending in {@code /}. */
    Optional<String> prefix();

    /**
     * Time left free at the end of an invocation: no node starts later than the Lambda deadline
     * minus this, so the node in flight and the final state write fit. Set it above the slowest
     * node's run time plus a state write.
     */
    @WithDefault("PT10S")
    Duration safetyMargin();

    /**
     * Invocation time assumed when the runtime announces no deadline (Quarkus's mock event server
     * in tests and dev mode sends no {@code Lambda-Runtime-Deadline-Ms}); never used on Lambda.
     */
    @WithDefault("PT60S")
    Duration timeoutWithoutDeadline();

    /** Largest output answered inline; a larger one is written to S3 and answered by its key (Step Functions passes at most 256 KB). */
    @WithDefault("200000")
    int maxInlineOutputBytes();

    /** Largest binary attachment a node may store. */
    @WithDefault("52428800")
    long maxBinaryBytes();

    /**
     * Directory of node plugin jars ({@code HETUMIND_LAMBDA_PLUGINS_DIR}), loaded when the function starts as the CLI
     * and the studio load theirs (libs/node-sdk/README.md): each in its own class loader, checked against the SDK and
     * its declared permissions, a refused one logged and left out. On Lambda, a layer's files are under {@code /opt}:
     * a layer with {@code hetumind/plugins/*.jar} is {@code /opt/hetumind/plugins}. Unset: built-in nodes only.
     */
    Optional<String> pluginsDir();

    /** What workflow nodes may connect to beyond public addresses. */
    Network network();

    /** Where workflow nodes' credentials come from ({@code HETUMIND_LAMBDA_CREDENTIALS_*}). */
    Credentials credentials();

    /**
     * Credentials in AWS Secrets Manager: one secret whose string is the JSON document the CLI's credentials file holds
     * (a credential's id or name → {@code {type, data}}).
     */
    interface Credentials {
        /** The secret's ARN or name; unset, a node that needs a credential fails saying how to give one. */
        Optional<String> secret();

        /** How long a read secret serves before it is read again (so a rotation reaches warm environments). */
        @WithDefault("PT5M")
        Duration cacheTtl();

        /** A Secrets Manager endpoint other than the region's (a VPC endpoint; tests). */
        Optional<URI> endpoint();
    }

    /** The S3 client. */
    S3 s3();

    /**
     * Outbound reach of nodes ({@code HETUMIND_LAMBDA_NETWORK_*}). Public addresses only by default: loopback (the
     * Lambda Runtime API listens there), link-local, cloud metadata and private addresses are refused.
     */
    interface Network {
        /** Allow the loopback interface (local test servers; never needed on Lambda). */
        @WithDefault("false")
        boolean allowLoopback();

        /** Allow private networks (a function attached to a VPC reaching its databases). */
        @WithDefault("false")
        boolean allowPrivateNetworks();

        /** More ranges: {@code CIDR} or {@code CIDR@port}, comma-separated. */
        Optional<List<String>> allowedRanges();
    }

    interface S3 {
        /** Endpoint of an S3-compatible store (tests, MinIO); AWS's regional endpoint when absent. */
        Optional<URI> endpoint();

        /** Path-style addressing ({@code endpoint/bucket/key}), as most S3-compatible stores need. */
        @WithDefault("false")
        boolean pathStyle();

        /** Region; Lambda's {@code AWS_REGION} when absent. */
        Optional<String> region();

        /** Static credentials for a store outside AWS; the default provider chain (the function's role) when absent. */
        Optional<String> accessKeyId();

        /** Secret of {@link #accessKeyId()}. */
        Optional<String> secretAccessKey();
    }
}
