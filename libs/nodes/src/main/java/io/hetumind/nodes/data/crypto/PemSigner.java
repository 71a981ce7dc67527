package io.hetumind.nodes.data.crypto;

import java.io.IOException;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.signers.DSADigestSigner;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.RSADigestSigner;
import org.bouncycastle.crypto.util.PrivateKeyFactory;

/** Node's {@code crypto.createSign(algorithm).sign(pem)}: RSA PKCS#1 v1.5 or ECDSA (DER) over a PEM private key. */
final class PemSigner {

    private static final Pattern PEM =
            Pattern.compile("-----BEGIN ([A-Z ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);

    private PemSigner() {}

    /** Signs {@code data}; {@link IllegalArgumentException} with a readable reason on a bad key or algorithm. */
    static byte[] sign(String algorithm, String pem, byte[] data) {
        Digest digest = Digests.create(algorithm);
        if (digest == null) {
            throw new IllegalArgumentException("unknown signature algorithm '" + algorithm + "'");
        }
        AsymmetricKeyParameter key = privateKey(pem);
        org.bouncycastle.crypto.Signer signer;
        if (key instanceof RSAKeyParameters) {
            try {
                signer = new RSADigestSigner(digest);
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new IllegalArgumentException("algorithm '" + algorithm + "' cannot be used with an RSA key");
            }
        } else if (key instanceof ECPrivateKeyParameters) {
            signer = new DSADigestSigner(new ECDSASigner(), digest);
        } else {
            throw new IllegalArgumentException("unsupported private key type for signing: "
                    + key.getClass().getSimpleName().replace("PrivateKeyParameters", ""));
        }
        signer.init(true, key);
        signer.update(data, 0, data.length);
        try {
            return signer.generateSignature();
        } catch (CryptoException | RuntimeException e) {
            throw new IllegalArgumentException("signing failed: " + e.getMessage(), e);
        }
    }

    /** Reads an unencrypted PEM private key: PKCS#8, PKCS#1 RSA or SEC1 EC. */
    static AsymmetricKeyParameter privateKey(String pem) {
        Matcher m = PEM.matcher(pem);
        if (!m.find()) {
            throw new IllegalArgumentException("the private key is not PEM text (-----BEGIN … PRIVATE KEY-----)");
        }
        String label = m.group(1);
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(m.group(2).strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the private key's PEM body is not base64");
        }
        if (label.equals("ENCRYPTED PRIVATE KEY")) {
            throw new IllegalArgumentException("encrypted private keys are not supported (no passphrase)");
        }
        if (!label.equals("PRIVATE KEY") && !label.equals("RSA PRIVATE KEY") && !label.equals("EC PRIVATE KEY")) {
            throw new IllegalArgumentException("'" + label + "' is not a private key");
        }
        try {
            PrivateKeyInfo info =
                    switch (label) {
                        case "RSA PRIVATE KEY" ->
                            new PrivateKeyInfo(
                                    new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
                                    RSAPrivateKey.getInstance(der));
                        case "EC PRIVATE KEY" -> {
                            ECPrivateKey ec = ECPrivateKey.getInstance(der);
                            yield new PrivateKeyInfo(
                                    new AlgorithmIdentifier(
                                            X9ObjectIdentifiers.id_ecPublicKey, ec.getParametersObject()),
                                    ec);
                        }
                        default -> PrivateKeyInfo.getInstance(der);
                    };
            return PrivateKeyFactory.createKey(info);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("the private key cannot be read: " + e.getMessage(), e);
        }
    }
}
