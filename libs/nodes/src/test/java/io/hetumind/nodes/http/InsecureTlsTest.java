package io.hetumind.nodes.http;

import static io.hetumind.nodes.NodeTests.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.nodes.credentials.NodeRunner;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** allowUnauthorizedCerts against a local HTTPS server with a self-signed certificate made by keytool. */
class InsecureTlsTest {

    private static HttpsServer server;

    @BeforeAll
    static void start() throws Exception {
        Path ks = Files.createTempDirectory("tls").resolve("ks.p12");
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "keytool")
                                .toString(),
                        "-genkeypair",
                        "-alias",
                        "s",
                        "-keyalg",
                        "RSA",
                        "-keysize",
                        "2048",
                        "-dname",
                        "CN=not-this-host",
                        "-validity",
                        "2",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        ks.toString(),
                        "-storepass",
                        "changeit")
                .redirectErrorStream(true)
                .start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).isZero();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(ks)) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, "changeit".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(ctx));
        server.createContext("/", ex -> LocalServer.reply(ex, 200, "application/json", "{\"tls\":true}"));
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    @Test
    void selfSignedCertificateFailsUnlessUnauthorizedCertsAreAllowed() {
        String url = "https://127.0.0.1:" + server.getAddress().getPort() + "/";
        ExecutionResult strict = new NodeRunner(new HttpRequestNode()).run(4.2, json("{'url':'" + url + "'}"), null);
        assertThat(strict.status()).isEqualTo(ExecutionStatus.ERROR);
        assertThat(strict.state().error().message()).startsWith("The connection to 127.0.0.1 failed");
        ExecutionResult insecure = new NodeRunner(new HttpRequestNode())
                .run(4.2, json("{'url':'" + url + "','options':{'allowUnauthorizedCerts':true}}"), null);
        assertThat(insecure.status()).as("%s", insecure.state().error()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(insecure.output("Node", 0).getFirst().json().get("tls").asBoolean())
                .isTrue();
    }
}
