package io.hetumind.nodes.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.spi.NodeException;
import io.hetumind.nodes.tls.Pem;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS material of an {@code httpSslAuth} credential (n8n's SSL Certificates, HTTP Request 3+ "Provide SSL
 * Certificates"), as Node's https agent takes it: {@code ca} replaces the default roots, {@code cert} and {@code key}
 * (with {@code passphrase} when it is encrypted) are presented when the server asks for a client certificate.
 * {@code key} names the material for client pooling (a digest, never the secrets).
 */
record ClientTls(String key, KeyManager[] keyManagers, TrustManager[] trustManagers) {

    private static final String CREDENTIAL = "httpSslAuth";

    static ClientTls of(ObjectNode cred) {
        String ca = cred.path("ca").asText("");
        String cert = cred.path("cert").asText("");
        String privateKey = cred.path("key").asText("");
        String passphrase = cred.path("passphrase").asText("");
        if (cert.isBlank() != privateKey.isBlank()) {
            throw NodeException.user("credential '" + CREDENTIAL + "': "
                    + (cert.isBlank() ? "'key' is set without 'cert'" : "'cert' is set without 'key'"));
        }
        try {
            TrustManager[] trust = null;
            if (!ca.isBlank()) {
                KeyStore roots = KeyStore.getInstance(KeyStore.getDefaultType());
                roots.load(null, null);
                int n = 0;
                for (X509Certificate c : Pem.certificates(CREDENTIAL, "ca", ca)) {
                    roots.setCertificateEntry("ca-" + n++, c);
                }
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(roots);
                trust = tmf.getTrustManagers();
            }
            KeyManager[] keys = null;
            if (!cert.isBlank()) {
                List<X509Certificate> chain = Pem.certificates(CREDENTIAL, "cert", cert);
                PrivateKey pk = Pem.privateKey(CREDENTIAL, "key", privateKey, passphrase);
                if (!belongTogether(pk, chain.getFirst())) {
                    throw NodeException.user("credential '" + CREDENTIAL + "': the certificate and key do not belong"
                            + " together ('key' is not the private key of the first certificate in 'cert')");
                }
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                char[] none = new char[0];
                store.setKeyEntry("client", pk, none, chain.toArray(X509Certificate[]::new));
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(store, none);
                keys = kmf.getKeyManagers();
            }
            return new ClientTls(digest(ca, cert, privateKey, passphrase), keys, trust);
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw NodeException.user("credential '" + CREDENTIAL + "': the certificate and key do not make a TLS"
                    + " identity (" + e.getClass().getSimpleName() + "; does the key belong to the certificate?)");
        }
    }

    /** Whether {@code key} signs what the certificate's public key verifies. */
    private static boolean belongTogether(PrivateKey key, X509Certificate cert) throws GeneralSecurityException {
        String algorithm =
                switch (key.getAlgorithm()) {
                    case "RSA" -> "SHA256withRSA";
                    case "EC" -> "SHA256withECDSA";
                    case "Ed25519", "Ed448", "EdDSA" -> "EdDSA";
                    case "RSASSA-PSS" -> "RSASSA-PSS";
                    default -> null;
                };
        if (algorithm == null || algorithm.equals("RSASSA-PSS")) {
            // nothing to sign with here: the TLS handshake is the check
            return true;
        }
        byte[] probe = "hetumind client certificate check".getBytes(StandardCharsets.US_ASCII);
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(cert.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (java.security.InvalidKeyException | java.security.SignatureException e) {
            return false;
        }
    }

    /** A TLS context with this material; trusting every server when {@code insecure} (Ignore SSL Issues). */
    SSLContext context(boolean insecure) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(keyManagers, insecure ? new TrustManager[] {TrustAll.manager()} : trustManagers, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String digest(String... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (String p : parts) {
                md.update(p.getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
