package io.hetumind.nodes.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway certificate authority for the TLS tests, made with the JDK's own {@code keytool}: a CA, a
 * server certificate naming {@code localhost} (and no IP address, so connecting by 127.0.0.1 is a name
 * mismatch) and a client certificate whose common name is {@link #CLIENT_CN}. PEM text and files.
 */
public record TestPki(
        Path dir, String caPem, String serverCertPem, String serverKeyPem, String clientCertPem, String clientKeyPem) {

    public static final String CLIENT_CN = "hetumind-client";
    private static final String PASS = "changeit";

    public Path caFile() {
        return dir.resolve("ca.pem");
    }

    public Path serverCertFile() {
        return dir.resolve("server.pem");
    }

    public Path serverKeyFile() {
        return dir.resolve("server.key");
    }

    /** A CA, a server and a client certificate in {@code dir}. */
    public static TestPki create(Path dir) throws IOException {
        Files.createDirectories(dir);
        String ca = authority(dir, "ca", "CN=Hetumind Test CA");
        issue(dir, "server", "CN=localhost", "san=dns:localhost");
        issue(dir, "client", "CN=" + CLIENT_CN, "eku=clientAuth");
        TestPki pki = new TestPki(
                dir,
                ca,
                Files.readString(dir.resolve("server.crt")),
                keyPem(dir, "server"),
                Files.readString(dir.resolve("client.crt")),
                keyPem(dir, "client"));
        Files.writeString(pki.caFile(), ca);
        Files.writeString(pki.serverCertFile(), pki.serverCertPem());
        Files.writeString(pki.serverKeyFile(), pki.serverKeyPem());
        for (Path p : List.of(dir, pki.caFile(), pki.serverCertFile(), pki.serverKeyFile())) {
            p.toFile().setReadable(true, false);
        }
        return pki;
    }

    /** A second, unrelated CA's certificate (PEM): trusting it alone must refuse the server. */
    public static String otherAuthority(Path dir) throws IOException {
        Files.createDirectories(dir);
        return authority(dir, "other", "CN=Some Other CA");
    }

    private static String authority(Path dir, String alias, String dname) throws IOException {
        keytool(
                dir,
                "-genkeypair",
                "-alias",
                alias,
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-dname",
                dname,
                "-ext",
                "bc:c",
                "-validity",
                "3",
                "-keystore",
                alias + ".p12");
        keytool(dir, "-exportcert", "-rfc", "-alias", alias, "-keystore", alias + ".p12", "-file", alias + ".crt");
        return Files.readString(dir.resolve(alias + ".crt"));
    }

    private static void issue(Path dir, String alias, String dname, String ext) throws IOException {
        keytool(
                dir,
                "-genkeypair",
                "-alias",
                alias,
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-dname",
                dname,
                "-validity",
                "3",
                "-keystore",
                alias + ".p12");
        keytool(dir, "-certreq", "-alias", alias, "-keystore", alias + ".p12", "-file", alias + ".csr");
        keytool(
                dir,
                "-gencert",
                "-rfc",
                "-alias",
                "ca",
                "-keystore",
                "ca.p12",
                "-infile",
                alias + ".csr",
                "-outfile",
                alias + ".crt",
                "-validity",
                "3",
                "-ext",
                ext);
    }

    private static String keyPem(Path dir, String alias) throws IOException {
        try (InputStream in = Files.newInputStream(dir.resolve(alias + ".p12"))) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, PASS.toCharArray());
            PrivateKey key = (PrivateKey) ks.getKey(alias, PASS.toCharArray());
            return pem("PRIVATE KEY", key.getEncoded());
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    /** The client key as openssl's {@code pkcs8 -topk8 -v2 aes-256-cbc} writes it (PBES2, HMAC-SHA256). */
    public String encryptedClientKey(String passphrase) throws java.security.GeneralSecurityException, IOException {
        byte[] der = Base64.getMimeDecoder()
                .decode(clientKeyPem.replaceAll("-----[A-Z ]+-----", "").strip());
        String alg = "PBEWithHmacSHA256AndAES_256";
        byte[] salt = new byte[16];
        new java.security.SecureRandom().nextBytes(salt);
        byte[] iv = new byte[16];
        new java.security.SecureRandom().nextBytes(iv);
        javax.crypto.SecretKey key = javax.crypto.SecretKeyFactory.getInstance(alg)
                .generateSecret(new javax.crypto.spec.PBEKeySpec(passphrase.toCharArray()));
        javax.crypto.Cipher cipher = javax.crypto.Cipher.getInstance(alg);
        cipher.init(
                javax.crypto.Cipher.ENCRYPT_MODE,
                key,
                new javax.crypto.spec.PBEParameterSpec(salt, 10_000, new javax.crypto.spec.IvParameterSpec(iv)));
        byte[] encrypted = cipher.doFinal(der);
        // the JDK cannot name PBES2 parameters when encoding; Bouncy Castle's ASN.1 writes the structure openssl does
        return pem(
                "ENCRYPTED PRIVATE KEY",
                new org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo(
                                new org.bouncycastle.asn1.x509.AlgorithmIdentifier(
                                        org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.id_PBES2,
                                        org.bouncycastle.asn1.ASN1Primitive.fromByteArray(
                                                cipher.getParameters().getEncoded())),
                                encrypted)
                        .getEncoded());
    }

    static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    static String pem(Certificate c) throws java.security.cert.CertificateEncodingException {
        return pem("CERTIFICATE", c.getEncoded());
    }

    private static void keytool(Path dir, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("-storepass", PASS, "-keypass", PASS, "-storetype", "PKCS12", "-noprompt"));
        Process p = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        try {
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("keytool " + args[0] + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
