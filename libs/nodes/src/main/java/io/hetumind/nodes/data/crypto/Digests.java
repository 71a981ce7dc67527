package io.hetumind.nodes.data.crypto;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.Blake2bDigest;
import org.bouncycastle.crypto.digests.Blake2sDigest;
import org.bouncycastle.crypto.digests.MD4Digest;
import org.bouncycastle.crypto.digests.MD5Digest;
import org.bouncycastle.crypto.digests.RIPEMD160Digest;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.digests.SHA224Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.digests.SHA3Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.digests.SHA512tDigest;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.digests.WhirlpoolDigest;

/** Message digests by Node.js name ({@code MD5}, {@code SHA3-256}, {@code RSA-SHA256} …), as {@code crypto.createHash} knows them. */
final class Digests {

    private static final Map<String, Supplier<Digest>> BY_NAME = new LinkedHashMap<>();

    static {
        BY_NAME.put("md4", MD4Digest::new);
        BY_NAME.put("md5", MD5Digest::new);
        BY_NAME.put("sha1", SHA1Digest::new);
        BY_NAME.put("sha224", SHA224Digest::new);
        BY_NAME.put("sha256", SHA256Digest::new);
        BY_NAME.put("sha384", SHA384Digest::new);
        BY_NAME.put("sha512", SHA512Digest::new);
        BY_NAME.put("sha512-224", () -> new SHA512tDigest(224));
        BY_NAME.put("sha512-256", () -> new SHA512tDigest(256));
        BY_NAME.put("sha3-224", () -> new SHA3Digest(224));
        BY_NAME.put("sha3-256", () -> new SHA3Digest(256));
        BY_NAME.put("sha3-384", () -> new SHA3Digest(384));
        BY_NAME.put("sha3-512", () -> new SHA3Digest(512));
        BY_NAME.put("ripemd160", RIPEMD160Digest::new);
        BY_NAME.put("sm3", SM3Digest::new);
        BY_NAME.put("whirlpool", WhirlpoolDigest::new);
        BY_NAME.put("blake2b512", () -> new Blake2bDigest(512));
        BY_NAME.put("blake2s256", () -> new Blake2sDigest(256));
    }

    /**
     * Node's other names for the same digests, as {@code crypto.getHashes()} lists them (n8n offers that whole list
     * for Sign): OpenSSL's long RSA names, the SHA-3 PKCS#1 OIDs' names, the SSL 3 and RIPEMD spellings.
     */
    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("sha1-2", "sha1"),
            Map.entry("sha512/224", "sha512-224"),
            Map.entry("sha512/256", "sha512-256"),
            Map.entry("id-rsassa-pkcs1-v1_5-with-sha3-224", "sha3-224"),
            Map.entry("id-rsassa-pkcs1-v1_5-with-sha3-256", "sha3-256"),
            Map.entry("id-rsassa-pkcs1-v1_5-with-sha3-384", "sha3-384"),
            Map.entry("id-rsassa-pkcs1-v1_5-with-sha3-512", "sha3-512"),
            Map.entry("md5withrsaencryption", "md5"),
            Map.entry("sha1withrsaencryption", "sha1"),
            Map.entry("sha224withrsaencryption", "sha224"),
            Map.entry("sha256withrsaencryption", "sha256"),
            Map.entry("sha384withrsaencryption", "sha384"),
            Map.entry("sha512withrsaencryption", "sha512"),
            Map.entry("sha512-224withrsaencryption", "sha512-224"),
            Map.entry("sha512-256withrsaencryption", "sha512-256"),
            Map.entry("sm3withrsaencryption", "sm3"),
            Map.entry("ripemd", "ripemd160"),
            Map.entry("rmd160", "ripemd160"),
            Map.entry("ripemd160withrsa", "ripemd160"),
            Map.entry("ssl3-md5", "md5"),
            Map.entry("ssl3-sha1", "sha1"));

    /**
     * Names n8n offers for Sign that no digest here signs with: {@code md5-sha1} (TLS 1.0's raw 36-byte pair) and the
     * SHAKE XOFs. Accepted as values (n8n offers them); signing with one fails naming it.
     */
    private static final List<String> UNSIGNABLE = List.of("md5-sha1", "shake128", "shake256");

    /** Hash types offered by the Hash and Hmac actions (n8n's list). */
    static final List<String> HASH_TYPES =
            List.of("MD5", "SHA1", "SHA256", "SHA3-256", "SHA3-384", "SHA3-512", "SHA384", "SHA512");

    private Digests() {}

    /** Every algorithm name the Sign action accepts, in Node's spelling. */
    static List<String> signNames() {
        List<String> out = new java.util.ArrayList<>();
        for (String n : BY_NAME.keySet()) {
            if (!n.startsWith("blake") && !n.equals("whirlpool")) {
                out.add("RSA-" + n.toUpperCase(Locale.ROOT));
            }
        }
        out.addAll(BY_NAME.keySet());
        for (String alias : new java.util.TreeSet<>(ALIASES.keySet())) {
            out.add(nodeSpelling(alias));
        }
        out.addAll(UNSIGNABLE);
        return out;
    }

    /** How {@code crypto.getHashes()} spells an alias ({@code RSA-SHA512/224}, {@code sha256WithRSAEncryption}). */
    private static String nodeSpelling(String alias) {
        if (alias.startsWith("sha1-2") || alias.startsWith("sha512/")) {
            return "RSA-" + alias.toUpperCase(Locale.ROOT);
        }
        return alias.replace("withrsaencryption", "WithRSAEncryption").replace("withrsa", "WithRSA");
    }

    /** MD4 signatures, which n8n's Crypto v2 no longer offers. */
    static boolean isMd4(String name) {
        return name.toLowerCase(Locale.ROOT).replace("rsa-", "").equals("md4");
    }

    /** A fresh digest for {@code name} (case-insensitive, optional {@code RSA-} prefix), or null if unknown. */
    static Digest create(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        if (key.startsWith("rsa-")) {
            key = key.substring(4);
        }
        key = ALIASES.getOrDefault(key, key);
        Supplier<Digest> s = BY_NAME.get(key);
        return s == null ? null : s.get();
    }
}
