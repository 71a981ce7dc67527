package io.hetumind.nodes.mysql;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.spi.NodeException;
import io.hetumind.nodes.net.TlsClient;
import io.hetumind.nodes.tls.Pem;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The TLS settings of n8n's {@code mySql} credential, as mysql2 takes them: {@code caCertificate}
 * replaces the default roots, the client certificate and key go together. Unlike mysql2 (which checks
 * the chain but not the name unless asked), the certificate must also name the credential's host.
 */
final class MySqlTls {

    private MySqlTls() {}

    /** The settings when the credential asks for TLS, else null. */
    static TlsClient of(ObjectNode cred, String host) {
        if (!cred.path("ssl").asBoolean(false)) {
            return null;
        }
        String ca = cred.path("caCertificate").asText("");
        String cert = cred.path("clientCertificate").asText("");
        String key = cred.path("clientPrivateKey").asText("");
        List<X509Certificate> roots = ca.isBlank() ? List.of() : Pem.certificates("mySql", "caCertificate", ca);
        if (cert.isBlank() != key.isBlank()) {
            throw NodeException.user("credential 'mySql': 'clientCertificate' and 'clientPrivateKey' go together;"
                    + " one of them is empty");
        }
        PrivateKey privateKey = null;
        List<X509Certificate> chain = List.of();
        if (!cert.isBlank()) {
            chain = Pem.certificates("mySql", "clientCertificate", cert);
            privateKey = Pem.privateKey("mySql", "clientPrivateKey", key, "");
        }
        return TlsClient.of(host, roots, privateKey, chain, true);
    }
}
