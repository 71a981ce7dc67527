package io.hetumind.core.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.core.model.BinaryRef;
import io.hetumind.core.spi.Json;
import org.junit.jupiter.api.Test;

/** Binary references in n8n 2.x's shape: fileSize as pretty-bytes text, the exact count in bytes. */
class BinaryShapeTest {

    @Test
    void sizesAreWrittenAsN8nWritesThem() {
        // pretty-bytes: 1000-based, three significant digits, trailing zeros dropped
        assertThat(BinaryRef.prettySize(0)).isEqualTo("0 B");
        assertThat(BinaryRef.prettySize(999)).isEqualTo("999 B");
        assertThat(BinaryRef.prettySize(1000)).isEqualTo("1 kB");
        assertThat(BinaryRef.prettySize(65_536)).isEqualTo("65.5 kB");
        assertThat(BinaryRef.prettySize(1_234_567)).isEqualTo("1.23 MB");
        assertThat(BinaryRef.prettySize(999_999)).isEqualTo("1000 kB");
        var ref = BinaryRef.stored("exec/abc", "text/plain", "a.txt", 65_536);
        var json = ItemCodec.writeBinary(ref);
        assertThat(json.get("fileSize").asText()).isEqualTo("65.5 kB");
        assertThat(json.get("bytes").asLong()).isEqualTo(65_536);
        assertThat(ItemCodec.readBinary(json)).isEqualTo(ref);
    }

    @Test
    void aSizeIsReadFromBytesThenANumberThenN8nsText() {
        assertThat(ItemCodec.size(Json.parse("{\"fileSize\":\"65.5 kB\",\"bytes\":65536}")))
                .isEqualTo(65_536);
        assertThat(ItemCodec.size(Json.parse("{\"fileSize\":2048}")))
                .as("an earlier Hetumind checkpoint")
                .isEqualTo(2048);
        assertThat(ItemCodec.size(Json.parse("{\"fileSize\":\"1.23 MB\"}"))).isEqualTo(1_230_000);
        assertThat(ItemCodec.size(Json.parse("{\"fileSize\":\"12 B\"}"))).isEqualTo(12);
        assertThat(ItemCodec.size(Json.parse("{\"fileSize\":\"big\"}"))).isZero();
        assertThat(ItemCodec.size(Json.parse("{}"))).isZero();
    }
}
