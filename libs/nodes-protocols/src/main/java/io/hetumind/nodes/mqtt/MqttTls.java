package io.hetumind.nodes.mqtt;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.spi.NodeException;
import io.hetumind.nodes.net.TlsClient;
import io.hetumind.nodes.tls.Pem;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The TLS settings of n8n's {@code mqtt} credential, read as its form shows them: {@code ca} with
 * {@code ssl}; {@code cert}, {@code key} and {@code rejectUnauthorized} with {@code ssl} and
 * {@code passwordless} (fields the form hides are not used). TLS is spoken for {@code protocol: mqtts}
 * or {@code wss}, or when {@code ssl} is on.
 */
final class MqttTls {

    private MqttTls() {}

    /** Whether the credential asks for TLS (mqtts, wss, or SSL turned on). */
    static boolean wanted(ObjectNode cred, String protocol) {
        return protocol.equals("mqtts")
                || protocol.equals("wss")
                || cred.path("ssl").asBoolean(false);
    }

    /**
     * The TLS client for the credential and the host the user named. The certificate is checked against
     * the credential's CA certificates (or the JVM's roots) and {@code host}, unless {@code
     * rejectUnauthorized} is explicitly off.
     */
    static TlsClient client(ObjectNode cred, String host) {
        boolean ssl = cred.path("ssl").asBoolean(false);
        boolean withCertificates = ssl && cred.path("passwordless").asBoolean(true);
        String ca = ssl ? cred.path("ca").asText("") : "";
        List<X509Certificate> roots = ca.isBlank() ? List.of() : Pem.certificates("mqtt", "ca", ca);
        PrivateKey key = null;
        List<X509Certificate> chain = List.of();
        if (withCertificates) {
            String cert = cred.path("cert").asText("");
            String pem = cred.path("key").asText("");
            if (cert.isBlank() != pem.isBlank()) {
                throw NodeException.user("credential 'mqtt': a client certificate needs both 'cert' and 'key' ("
                        + (cert.isBlank() ? "'cert'" : "'key'") + " is empty)");
            }
            if (!cert.isBlank()) {
                chain = Pem.certificates("mqtt", "cert", cert);
                key = Pem.privateKey("mqtt", "key", pem, "");
            }
        }
        // n8n's form defaults rejectUnauthorized to false, which would accept any certificate on a fresh
        // credential; here only an explicit false turns the checks off
        boolean verify = !withCertificates || cred.path("rejectUnauthorized").asBoolean(true);
        return TlsClient.of(host, roots, key, chain, verify);
    }
}
