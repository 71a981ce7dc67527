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
        return out;
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
        Supplier<Digest> s = BY_NAME.get(key);
        return s == null ? null : s.get();
    }
}
