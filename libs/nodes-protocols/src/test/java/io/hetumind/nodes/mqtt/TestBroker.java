package io.hetumind.nodes.mqtt;

import io.hetumind.nodes.tls.Pem;
import io.hetumind.nodes.tls.TestPki;
import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * An embedded Moquette broker on a free loopback port that accepts only user bob with password pw-123,
 * plain or TLS-only.
 */
final class TestBroker {
    final Server server = new Server();
    final int port;

    private TestBroker(int port) {
        this.port = port;
    }

    /** A loopback port nothing listens on (for "unreachable broker" cases too). */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static TestBroker start() throws IOException {
        int port = freePort();
        Properties p = new Properties();
        p.setProperty("host", "127.0.0.1");
        p.setProperty("port", String.valueOf(port));
        p.setProperty("websocket_port", "disabled");
        p.setProperty("persistence_enabled", "false");
        p.setProperty("allow_anonymous", "false");
        // a connection whose CONNECT has not arrived is closed after this (10 s by default): on a loaded CI machine
        // that cut test clients off (Connection lost) before they were in
        p.setProperty("netty.channel_timeout.seconds", "60");
        TestBroker broker = new TestBroker(port);
        broker.server.startServer(
                new MemoryConfig(p),
                List.of(),
                null,
                (clientId, user, password) -> "bob".equals(user)
                        && password != null
                        && "pw-123".equals(new String(password, StandardCharsets.UTF_8)),
                null);
        return broker;
    }

    /**
     * A broker with only a TLS port, serving {@code pki}'s certificate for localhost; with {@code
     * clientCertificates} it wants a client certificate signed by the test CA (and then lets in clients
     * without a user name, the certificate being their credential).
     */
    static TestBroker startTls(TestPki pki, boolean clientCertificates) throws Exception {
        int port = freePort();
        Properties p = new Properties();
        p.setProperty("host", "127.0.0.1");
        p.setProperty("port", "disabled");
        p.setProperty("ssl_port", String.valueOf(port));
        p.setProperty("websocket_port", "disabled");
        p.setProperty("persistence_enabled", "false");
        p.setProperty("need_client_auth", String.valueOf(clientCertificates));
        p.setProperty("allow_anonymous", String.valueOf(clientCertificates));
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        List<X509Certificate> chain = new ArrayList<>(Pem.certificates("test", "cert", pki.serverCertPem()));
        chain.addAll(Pem.certificates("test", "ca", pki.caPem()));
        keys.setKeyEntry(
                "server",
                Pem.privateKey("test", "key", pki.serverKeyPem(), ""),
                "pw".toCharArray(),
                chain.toArray(new X509Certificate[0]));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, "pw".toCharArray());
        KeyStore roots = KeyStore.getInstance("PKCS12");
        roots.load(null, null);
        roots.setCertificateEntry(
                "ca", Pem.certificates("test", "ca", pki.caPem()).getFirst());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(roots);
        SslContext context = SslContextBuilder.forServer(kmf)
                .sslProvider(SslProvider.JDK)
                .trustManager(tmf)
                .build();
        TestBroker broker = new TestBroker(port);
        broker.server.startServer(
                new MemoryConfig(p),
                List.of(),
                () -> context,
                (clientId, user, password) -> (clientCertificates && user == null)
                        || ("bob".equals(user)
                                && password != null
                                && "pw-123".equals(new String(password, StandardCharsets.UTF_8))),
                null);
        return broker;
    }

    void stop() {
        server.stopServer();
    }
}
