package io.hetumind.executor.temporal;

import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLException;

/**
 * How to reach a Temporal frontend — plaintext, TLS (a CA to trust, a client certificate for mutual TLS, the name the
 * server's certificate carries) and an API key (Temporal Cloud) — checked in one place (errors name the key) and
 * turned into the service stubs' options.
 *
 * @param target the frontend, {@code host:port}
 * @param namespace the namespace calls are for; with an API key it also goes out as the {@code temporal-namespace}
 *     header, by which Temporal Cloud's API-key endpoints route a call
 * @param tls how to speak TLS; null: plaintext, unless an API key is set (then TLS trusting the JVM's CAs)
 * @param apiKey a Temporal Cloud API key, sent as {@code Authorization: Bearer …} on every call; null or blank: none
 */
public record TemporalConnection(String target, String namespace, Tls tls, String apiKey) {

    static final Metadata.Key<String> NAMESPACE_HEADER =
            Metadata.Key.of("temporal-namespace", Metadata.ASCII_STRING_MARSHALLER);

    /**
     * TLS towards the frontend; every part optional.
     *
     * @param clientCert the client certificate chain (PEM) for mutual TLS; needs {@code clientKey}
     * @param clientKey the client certificate's private key, unencrypted PKCS#8 PEM ({@code BEGIN PRIVATE KEY}; convert
     *     an RSA key with {@code openssl pkcs8 -topk8 -nocrypt})
     * @param serverCa the CA certificate(s) (PEM) the server's certificate must chain to; null: the JVM's trusted CAs
     * @param serverName the name to expect in the server's certificate (and send as authority) when the target's host
     *     is not it; null: the target's host
     */
    public record Tls(Path clientCert, Path clientKey, Path serverCa, String serverName) {
        public Tls {
            if ((clientCert == null) != (clientKey == null)) {
                throw new IllegalArgumentException(
                        "hetumind.temporal.tls.client-cert and hetumind.temporal.tls.client-key"
                                + " go together: set both for mutual TLS, or neither");
            }
            readable(clientCert, "hetumind.temporal.tls.client-cert");
            readable(clientKey, "hetumind.temporal.tls.client-key");
            readable(serverCa, "hetumind.temporal.tls.server-ca");
            if (serverName != null && serverName.isBlank()) {
                serverName = null;
            }
        }

        private static void readable(Path file, String key) {
            if (file != null && !Files.isReadable(file)) {
                throw new IllegalArgumentException(key + " names " + file + ", which is not a readable file");
            }
        }

        /** TLS trusting the JVM's CAs, no client certificate. */
        public static Tls system() {
            return new Tls(null, null, null, null);
        }
    }

    public TemporalConnection {
        if (target == null || target.isBlank()) {
            throw new IllegalArgumentException("hetumind.temporal.target must be set");
        }
        if (namespace == null || namespace.isBlank()) {
            throw new IllegalArgumentException("hetumind.temporal.namespace must be set");
        }
        if (apiKey != null && apiKey.isBlank()) {
            apiKey = null;
        }
        if (apiKey != null && (apiKey.contains("\n") || apiKey.contains("\r"))) {
            throw new IllegalArgumentException("hetumind.temporal.api-key must be one line");
        }
        if (tls == null && apiKey != null) {
            // an API key in plaintext would be readable on the wire; Temporal Cloud only speaks TLS anyway
            tls = Tls.system();
        }
    }

    /** Never shows the API key (configuration is logged). */
    @Override
    public String toString() {
        return "TemporalConnection[target=" + target + ", namespace=" + namespace + ", tls=" + tls + ", apiKey="
                + (apiKey == null ? "none" : "***") + "]";
    }

    /** A plaintext connection (a local or in-cluster server without TLS). */
    public static TemporalConnection plain(String target, String namespace) {
        return new TemporalConnection(target, namespace, null, null);
    }

    public boolean secure() {
        return tls != null;
    }

    /** The service stubs' options: target, TLS context, API key and namespace header. */
    public WorkflowServiceStubsOptions stubsOptions() {
        WorkflowServiceStubsOptions.Builder b =
                WorkflowServiceStubsOptions.newBuilder().setTarget(target);
        if (tls != null) {
            b.setSslContext(sslContext(tls));
            if (tls.serverName() != null) {
                String name = tls.serverName();
                b.setChannelInitializer(channel -> channel.overrideAuthority(name));
            }
        }
        if (apiKey != null) {
            String key = apiKey;
            b.addApiKey(() -> key);
            Metadata headers = new Metadata();
            headers.put(NAMESPACE_HEADER, namespace);
            b.setHeaders(headers);
        }
        return b.build();
    }

    private static SslContext sslContext(Tls tls) {
        SslContextBuilder b = GrpcSslContexts.forClient();
        if (tls.serverCa() != null) {
            try {
                b.trustManager(tls.serverCa().toFile());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "hetumind.temporal.tls.server-ca (" + tls.serverCa() + ") holds no PEM certificate: "
                                + e.getMessage(),
                        e);
            }
        }
        if (tls.clientCert() != null) {
            try {
                b.keyManager(tls.clientCert().toFile(), tls.clientKey().toFile());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "hetumind.temporal.tls.client-cert / client-key ("
                                + tls.clientCert() + ", " + tls.clientKey()
                                + ") are not a PEM certificate and its unencrypted"
                                + " PKCS#8 PEM key: " + e.getMessage(),
                        e);
            }
        }
        try {
            return b.build();
        } catch (SSLException e) {
            throw new IllegalArgumentException(
                    "hetumind.temporal.tls.*: no TLS context from these files: " + e.getMessage(), e);
        }
    }
}
