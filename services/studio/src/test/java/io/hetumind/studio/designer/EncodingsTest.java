package io.hetumind.studio.designer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Choosing a static file's encoding from {@code Accept-Encoding}, and matching {@code If-None-Match}. */
class EncodingsTest {
    static final List<String> BOTH = List.of("br", "gzip");

    @Test
    void theClientsBestWeightedCodingIsSentTiesGoingToTheSmaller() {
        assertThat(Encodings.choose("gzip, deflate, br, zstd", BOTH)).isEqualTo("br");
        assertThat(Encodings.choose("gzip, deflate", BOTH)).isEqualTo("gzip");
        assertThat(Encodings.choose("x-gzip", BOTH)).isEqualTo("gzip");
        assertThat(Encodings.choose("br;q=0.5, gzip;q=0.8", BOTH)).isEqualTo("gzip");
        assertThat(Encodings.choose("GZIP;Q=1", BOTH)).isEqualTo("gzip");
        assertThat(Encodings.choose("*", BOTH)).isEqualTo("br");
        assertThat(Encodings.choose("br", List.of("gzip"))).isEqualTo("identity");
        assertThat(Encodings.choose("gzip, br", List.of("gzip"))).isEqualTo("gzip");
    }

    @Test
    void identityWhenNothingIsSaidNothingElseIsAcceptedOrItWeighsMore() {
        assertThat(Encodings.choose(null, BOTH)).isEqualTo("identity");
        assertThat(Encodings.choose("", BOTH)).isEqualTo("identity");
        assertThat(Encodings.choose("identity", BOTH)).isEqualTo("identity");
        assertThat(Encodings.choose("deflate, zstd", BOTH)).isEqualTo("identity");
        assertThat(Encodings.choose("gzip;q=0, br;q=0", BOTH)).isEqualTo("identity");
        assertThat(Encodings.choose("*;q=0, identity", BOTH)).isEqualTo("identity");
        assertThat(Encodings.choose("gzip;q=0.3, identity;q=0.9", BOTH)).isEqualTo("identity");
        assertThat(Encodings.choose("gzip;q=bogus", BOTH)).isEqualTo("identity");
        assertThat(Encodings.choose("gzip, br", List.of())).isEqualTo("identity");
    }

    @Test
    void aStarCoversWhatIsNotNamedAndAZeroWeightRefuses() {
        assertThat(Encodings.choose("br;q=0, *", BOTH)).isEqualTo("gzip");
        assertThat(Encodings.choose("*;q=0.1, gzip;q=0", BOTH)).isEqualTo("br");
        assertThat(Encodings.weight("*;q=0", "identity")).isZero();
        assertThat(Encodings.weight("gzip", "identity")).isEqualTo(1);
    }

    @Test
    void ifNoneMatchComparesWeaklyAndAcceptsAStar() {
        assertThat(Encodings.matches("\"abc-br\"", "\"abc-br\"")).isTrue();
        assertThat(Encodings.matches("W/\"abc-br\"", "\"abc-br\"")).isTrue();
        assertThat(Encodings.matches("\"x\", \"abc\"", "\"abc\"")).isTrue();
        assertThat(Encodings.matches("*", "\"abc\"")).isTrue();
        assertThat(Encodings.matches("\"abc-gzip\"", "\"abc-br\"")).isFalse();
        assertThat(Encodings.matches("\"abc\"", "\"abc-br\"")).isFalse();
        assertThat(Encodings.matches(null, "\"abc\"")).isFalse();
    }
}
