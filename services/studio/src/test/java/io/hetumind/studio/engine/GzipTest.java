package io.hetumind.studio.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class GzipTest {
    @Test
    void whatIsWrittenIsStandardGzipOfTheText() throws Exception {
        Random random = new Random(7);
        StringBuilder big = new StringBuilder();
        while (big.length() < 1_500_000) {
            big.append("{\"n\":").append(random.nextInt()).append(",\"s\":\"ünïcødé ✓ 𝄞\"},");
        }
        for (String text : List.of("", "a", "{\"json\":{\"x\":2}}", big.toString())) {
            byte[] packed = Gzip.compress(text);
            // the JDK's reader checks the header, the CRC and the length
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(packed))) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                        .isEqualTo(text);
            }
            assertThat(Gzip.decompress(packed)).isEqualTo(text);
        }
        assertThat(Gzip.compress(big.toString()).length).isLessThan(big.length() / 3);
    }

    @Test
    void pooledDeflatersNeverMixTwoTexts() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> checks = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int seed = t;
                checks.add(pool.submit(() -> {
                    Random random = new Random(seed);
                    for (int i = 0; i < 500; i++) {
                        String text = "run " + seed + "/" + i + " " + "x".repeat(random.nextInt(5000));
                        if (!Gzip.decompress(Gzip.compress(text)).equals(text)) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> check : checks) {
                assertThat(check.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void dataThatIsNotGzipIsAClearError() {
        assertThatThrownBy(() -> Gzip.decompress("plain".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("stored data is not gzip");
    }
}
