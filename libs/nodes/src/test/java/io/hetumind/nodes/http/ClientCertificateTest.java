package io.hetumind.nodes.http;

import static io.hetumind.nodes.NodeTests.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.spi.Json;
import io.hetumind.nodes.credentials.NodeRunner;
import io.hetumind.nodes.tls.Pem;
import io.hetumind.nodes.tls.TestPki;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * HTTP Request's "SSL Certificates" (an httpSslAuth credential) against a local HTTPS server that requires a client
 * certificate from the test CA: the CA replaces the default roots, the client certificate is presented, and every
 * incomplete or wrong piece fails with the credential's field named.
 */
class ClientCertificateTest {

    private static TestPki pki;
    private static HttpsServer server;
    private static String url;

    @BeforeAll
    static void start() throws Exception {
        pki = TestPki.create(Files.createTempDirectory("mtls"));
        KeyStore identity = KeyStore.getInstance("PKCS12");
        identity.load(null, null);
        identity.setKeyEntry(
                "server",
                Pem.privateKey("test", "key", pki.serverKeyPem(), ""),
                new char[0],
                Pem.certificates("test", "cert", pki.serverCertPem()).toArray(X509Certificate[]::new));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(identity, new char[0]);
        KeyStore roots = KeyStore.getInstance(KeyStore.getDefaultType());
        roots.load(null, null);
        roots.setCertificateEntry(
                "ca", Pem.certificates("test", "ca", pki.caPem()).getFirst());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(roots);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(ctx) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = getSSLContext().getDefaultSSLParameters();
                p.setNeedClientAuth(true);
                params.setSSLParameters(p);
            }
        });
        server.createContext("/", ex -> {
            String client =
                    ((HttpsExchange) ex).getSSLSession().getPeerPrincipal().getName();
            LocalServer.reply(
                    ex, 200, "application/json", Json.write(Json.object().put("client", client)));
        });
        server.start();
        url = "https://localhost:" + server.getAddress().getPort() + "/";
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private static ExecutionResult run(ObjectNode cred, String options) {
        NodeRunner runner = new NodeRunner(new HttpRequestNode());
        if (cred != null) {
            runner.credential("httpSslAuth", cred);
        }
        return runner.run(
                4.2, json("{'url':'" + url + "','provideSslCertificates':true,'options':" + options + "}"), null);
    }

    private static ObjectNode full() {
        return Json.object()
                .put("ca", pki.caPem())
                .put("cert", pki.clientCertPem())
                .put("key", pki.clientKeyPem());
    }

    private static String error(ExecutionResult r) {
        assertThat(r.status()).isEqualTo(ExecutionStatus.ERROR);
        return r.state().error().message();
    }

    @Test
    void theClientCertificateIsPresentedAndTheCaTrusted() {
        ExecutionResult r = run(full(), "{}");
        assertThat(r.status()).as("%s", r.state().error()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(r.output("Node", 0).getFirst().json().get("client").asText()).isEqualTo("CN=" + TestPki.CLIENT_CN);
        // an encrypted key with its passphrase, a key pasted on one line
        ObjectNode encrypted;
        try {
            encrypted = full().put("key", pki.encryptedClientKey("s3cret")).put("passphrase", "s3cret");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertThat(run(encrypted, "{}").status()).isEqualTo(ExecutionStatus.SUCCESS);
        ObjectNode oneLine = full().put("key", pki.clientKeyPem().replace("\n", " "));
        assertThat(run(oneLine, "{}").status()).isEqualTo(ExecutionStatus.SUCCESS);
        // Ignore SSL Issues still presents the certificate, without a CA
        ObjectNode noCa = full().put("ca", "");
        assertThat(run(noCa, "{'allowUnauthorizedCerts':true}").status()).isEqualTo(ExecutionStatus.SUCCESS);
    }

    @Test
    void withoutTheOptionOrAPieceTheServerIsNotReached() throws Exception {
        ExecutionResult off = new NodeRunner(new HttpRequestNode())
                .credential("httpSslAuth", full())
                .run(4.2, json("{'url':'" + url + "'}"), null);
        assertThat(error(off)).startsWith("The connection to localhost failed");
        // the CA alone: the server asks for a client certificate and gets none
        assertThat(error(run(Json.object().put("ca", pki.caPem()), "{}")))
                .startsWith("The connection to localhost failed");
        // the CA is the only root: another CA does not vouch for the server
        String other = TestPki.otherAuthority(Files.createTempDirectory("other-ca"));
        assertThat(error(run(full().put("ca", other), "{}"))).startsWith("The connection to localhost failed");
        // the JVM's roots do not know the test CA
        assertThat(error(run(full().put("ca", ""), "{}"))).startsWith("The connection to localhost failed");
    }

    @Test
    void badCredentialsNameTheFieldNeverItsContent() throws Exception {
        assertThat(error(run(full().put("ca", "not a certificate"), "{}")))
                .startsWith("credential 'httpSslAuth': 'ca' is not a PEM certificate");
        assertThat(error(run(full().put("key", ""), "{}")))
                .isEqualTo("credential 'httpSslAuth': 'cert' is set without 'key'");
        String encrypted = pki.encryptedClientKey("right");
        String wrong = error(run(full().put("key", encrypted).put("passphrase", "wrong"), "{}"));
        assertThat(wrong)
                .startsWith("credential 'httpSslAuth': 'key' cannot be read (wrong passphrase")
                .doesNotContain("wrong\"")
                .doesNotContain("PRIVATE KEY");
        assertThat(error(run(null, "{}")))
                .isEqualTo("parameter 'provideSslCertificates': credentials of type 'httpSslAuth' (SSL Certificates)"
                        + " are not set for this node [item 0]");
        // the key of another certificate
        ObjectNode mismatched = full().put("cert", pki.serverCertPem());
        assertThat(error(run(mismatched, "{}")))
                .isEqualTo("credential 'httpSslAuth': the certificate and key do not belong together ('key' is not the"
                        + " private key of the first certificate in 'cert')");
    }
}
