package io.hetumind.nodes.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hetumind.core.spi.NodeException;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Digest answer against RFC 7616's worked examples (section 3.9.1) and the challenge parsing. */
class HttpDigestTest {

    private static final String CHALLENGE = "realm=\"http-auth@example.org\", qop=\"auth, auth-int\","
            + " nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\","
            + " opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"";
    private static final String CNONCE = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";

    private static String answer(List<String> headers) {
        HttpDigest.Challenge c = HttpDigest.challenge(headers, 0);
        return HttpDigest.authorization(
                c,
                "Mufasa",
                "Circle of Life",
                "GET",
                URI.create("http://www.example.org/dir/index.html"),
                null,
                CNONCE);
    }

    @Test
    void answersRfc7616sSha256AndMd5Examples() {
        // both challenges in one response: the stronger one is answered
        String sha = answer(
                List.of("Digest " + CHALLENGE + ", algorithm=SHA-256", "Digest " + CHALLENGE + ", algorithm=MD5"));
        assertThat(sha)
                .isEqualTo("Digest username=\"Mufasa\", realm=\"http-auth@example.org\","
                        + " nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", uri=\"/dir/index.html\","
                        + " algorithm=SHA-256,"
                        + " response=\"753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1\", qop=auth,"
                        + " nc=00000001, cnonce=\"" + CNONCE + "\","
                        + " opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"");
        String md5 = answer(List.of("Digest " + CHALLENGE + ", algorithm=MD5"));
        assertThat(md5)
                .contains("response=\"8ca523f5e9506fed4657c9700eebdbec\"")
                .contains("algorithm=MD5");
    }

    @Test
    void theNonceCountGrowsWithEachAnswerToTheSameChallenge() {
        HttpDigest.Challenge c = HttpDigest.challenge(List.of("Digest " + CHALLENGE), 0);
        URI uri = URI.create("http://h/x?a=1&b=%20");
        assertThat(HttpDigest.authorization(c, "u", "p", "GET", uri, null))
                .contains("nc=00000001")
                .contains("uri=\"/x?a=1&b=%20\"");
        assertThat(HttpDigest.authorization(c, "u", "p", "GET", uri, null)).contains("nc=00000002");
    }

    @Test
    void readsSeveralChallengesInOneHeaderAndRfc2069Servers() {
        List<java.util.Map<String, String>> parsed =
                HttpDigest.parse("Negotiate abc==, Basic realm=\"a, b\", Digest realm=\"r\", nonce=\"n\", stale=FALSE");
        assertThat(parsed).extracting(m -> m.get(" scheme")).containsExactly("negotiate", "basic", "digest");
        assertThat(parsed.get(1).get("realm")).isEqualTo("a, b");
        assertThat(parsed.get(2)).containsEntry("nonce", "n").containsEntry("stale", "FALSE");
        // no qop: RFC 2069's answer, without nc and cnonce (MD5("Mufasa:r:Circle of Life"), ... computed by hand)
        String old = HttpDigest.authorization(
                HttpDigest.challenge(List.of("Digest realm=\"r\", nonce=\"n\""), 0),
                "Mufasa",
                "Circle of Life",
                "GET",
                URI.create("http://h/"),
                null,
                "unused");
        assertThat(old).doesNotContain("qop=").doesNotContain("nc=").doesNotContain("cnonce=");
        assertThat(HttpDigest.challenge(List.of("Basic realm=\"x\""), 0)).isNull();
    }

    @Test
    void anAlgorithmThisClientLacksIsAUserErrorNamingIt() {
        assertThatThrownBy(() -> HttpDigest.challenge(List.of("Digest realm=\"r\", nonce=\"n\", algorithm=SHA-1"), 3))
                .isInstanceOf(NodeException.class)
                .hasMessage("the server's Digest challenge cannot be answered: SHA-1 (supported: MD5, SHA-256,"
                        + " SHA-512-256 and their -sess forms) [item 3]");
    }
}
