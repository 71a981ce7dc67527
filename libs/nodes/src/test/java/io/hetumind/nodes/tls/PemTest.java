package io.hetumind.nodes.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hetumind.core.spi.NodeException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PEM text as users paste it into credentials, read with keytool-made keys and certificates. */
class PemTest {

    @TempDir
    static Path dir;

    private static TestPki pki;

    @BeforeAll
    static void make() throws Exception {
        pki = TestPki.create(dir);
    }

    @Test
    void certificatesAndKeysPastedOnOneLineAreRewrappedAsN8nDoes() {
        String chain = (pki.clientCertPem() + pki.caPem()).replace("\n", " ");
        assertThat(Pem.certificates("rabbitmq", "cert", chain))
                .extracting(c -> c.getSubjectX500Principal().getName())
                .containsExactly("CN=" + TestPki.CLIENT_CN, "CN=Hetumind Test CA");
        String key = pki.clientKeyPem().replace("\n", " ");
        assertThat(Pem.privateKey("rabbitmq", "key", key, "").getAlgorithm()).isEqualTo("RSA");
    }

    @Test
    void headerLinesOfALegacyBlockStayWhole() {
        String oneLine = "-----BEGIN RSA PRIVATE KEY----- Proc-Type: 4,ENCRYPTED DEK-Info: AES-128-CBC,00FF"
                + " QUJD REVG -----END RSA PRIVATE KEY-----";
        assertThat(Pem.format(oneLine))
                .isEqualTo("-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00FF\nQUJD\n"
                        + "REVG\n-----END RSA PRIVATE KEY-----\n");
    }

    @Test
    void theWrongKindOfBlockNamesTheFieldAndNotItsContent() {
        assertThatThrownBy(() -> Pem.privateKey("mySql", "clientPrivateKey", pki.caPem(), ""))
                .isInstanceOf(NodeException.class)
                .hasMessage("credential 'mySql': 'clientPrivateKey' is not a PEM private key (-----BEGIN … PRIVATE"
                        + " KEY-----)");
        String broken = "-----BEGIN CERTIFICATE-----\nTUlJQnNlY3JldA==\n-----END CERTIFICATE-----\n";
        assertThatThrownBy(() -> Pem.certificates("mySql", "caCertificate", broken))
                .hasMessage("credential 'mySql': 'caCertificate' is not a readable PEM certificate");
    }
}
