package io.hetumind.nodes.tls;

import io.hetumind.core.spi.NodeException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.util.security.SecurityUtils;

/**
 * Certificates and private keys pasted into a credential as PEM text. Certificates are read by the JDK;
 * private keys (PKCS#8, PKCS#1 RSA, SEC1 EC) by MINA SSHD's key parsers, the ones the SFTP node already
 * relies on, and encrypted PKCS#8 keys by the JDK. Errors name the credential field, never its content.
 */
public final class Pem {

    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);

    private Pem() {}

    /**
     * n8n's {@code formatPrivateKey}: a block pasted on one line (spaces where the line breaks were) gets
     * its breaks back; header lines such as {@code Proc-Type: 4,ENCRYPTED} stay whole.
     */
    static String format(String text) {
        Matcher m = BLOCK.matcher(text.strip());
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String body = m.group(2).strip();
            if (!body.contains("\n")) {
                StringBuilder lines = new StringBuilder();
                for (String part : body.split("\\s+")) {
                    lines.append(part).append(part.endsWith(":") ? " " : "\n");
                }
                body = lines.toString().strip();
            }
            out.append("-----BEGIN ")
                    .append(m.group(1))
                    .append("-----\n")
                    .append(body)
                    .append("\n-----END ")
                    .append(m.group(1))
                    .append("-----\n");
        }
        return out.toString();
    }

    /** The certificates of a PEM field (one or several blocks), at least one. */
    public static List<X509Certificate> certificates(String credential, String field, String text) {
        String pem = format(text);
        if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
            throw bad(credential, field, "is not a PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        try {
            List<X509Certificate> out = new ArrayList<>();
            for (var c : CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) {
                throw bad(credential, field, "holds no certificate");
            }
            return out;
        } catch (CertificateException | RuntimeException e) {
            if (e instanceof NodeException n) {
                throw n;
            }
            throw bad(credential, field, "is not a readable PEM certificate");
        }
    }

    /** The private key of a PEM field; {@code passphrase} may be empty for an unencrypted key. */
    public static PrivateKey privateKey(String credential, String field, String text, String passphrase) {
        String pem = format(text);
        if (!pem.contains("PRIVATE KEY-----")) {
            throw bad(credential, field, "is not a PEM private key (-----BEGIN … PRIVATE KEY-----)");
        }
        boolean encrypted = pem.contains("ENCRYPTED");
        if (encrypted && (passphrase == null || passphrase.isEmpty())) {
            throw bad(credential, field, "is encrypted and no passphrase is given");
        }
        if (pem.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
            return pkcs8(credential, field, pem, passphrase);
        }
        try {
            Iterable<KeyPair> keys = SecurityUtils.loadKeyPairIdentities(
                    null,
                    NamedResource.ofName(field),
                    new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)),
                    encrypted ? FilePasswordProvider.of(passphrase) : null);
            Iterator<KeyPair> it = keys == null ? null : keys.iterator();
            if (it == null || !it.hasNext()) {
                throw bad(credential, field, "is not a readable private key");
            }
            return it.next().getPrivate();
        } catch (GeneralSecurityException | java.io.IOException | RuntimeException | LinkageError e) {
            // LinkageError: SSHD hands some formats to Bouncy Castle's PKIX classes, which are not shipped
            if (e instanceof NodeException n) {
                throw n;
            }
            throw bad(
                    credential,
                    field,
                    encrypted
                            ? "cannot be read (wrong passphrase or unsupported encryption)"
                            : "is not a readable private key (PKCS#8, RSA or EC PEM)");
        }
    }

    /** An encrypted PKCS#8 key (openssl's {@code pkcs8 -topk8}, PBES2 or PBES1), decrypted by the JDK. */
    private static PrivateKey pkcs8(String credential, String field, String pem, String passphrase) {
        Matcher m = BLOCK.matcher(pem);
        if (!m.find()) {
            throw bad(credential, field, "is not a PEM private key");
        }
        PKCS8EncodedKeySpec spec;
        try {
            EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(
                    Base64.getMimeDecoder().decode(m.group(2).strip()));
            Cipher cipher = Cipher.getInstance(info.getAlgName());
            SecretKey secret = SecretKeyFactory.getInstance(info.getAlgName())
                    .generateSecret(new PBEKeySpec(passphrase.toCharArray()));
            cipher.init(Cipher.DECRYPT_MODE, secret, info.getAlgParameters());
            spec = info.getKeySpec(cipher);
        } catch (GeneralSecurityException | java.io.IOException | RuntimeException e) {
            throw bad(credential, field, "cannot be read (wrong passphrase or unsupported encryption)");
        }
        for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448", "DSA")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                // not this algorithm; the PKCS#8 structure names it, but KeyFactory wants it up front
            }
        }
        throw bad(credential, field, "is a private key of an unsupported algorithm");
    }

    private static NodeException bad(String credential, String field, String what) {
        return NodeException.user("credential '" + credential + "': '" + field + "' " + what);
    }
}
