package io.hetumind.nodes.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.spi.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CSV reader against csv-parse 5.5.0's own answers (recorded by scripts/n8n-diff/csv-skip-cases.mjs): for each
 * awkward text, with and without a header row, relaxed quotes and Skip Records With Errors, the same rows (or the same
 * error) and the same number of skipped errors.
 */
class CsvSkipRecordsTest {

    static Stream<Arguments> cases() throws IOException {
        try (InputStream in = CsvSkipRecordsTest.class.getResourceAsStream("csv-skip-cases.json")) {
            JsonNode all = Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            List<Arguments> out = new ArrayList<>();
            all.forEach(c -> out.add(Arguments.of(
                    c.get("text").asText().replace("\n", "\\n").replace("\r", "\\r")
                            + (c.get("headerRow").asBoolean() ? " header" : "")
                            + (c.get("relaxQuotes").asBoolean() ? " relaxed" : "")
                            + (c.get("skip").asBoolean() ? " skip" : ""),
                    c)));
            return out.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void readsAsCsvParseDoes(String name, JsonNode c) {
        Csv.ReadOptions o = new Csv.ReadOptions(
                ",",
                0,
                -1,
                c.get("headerRow").asBoolean(),
                c.get("relaxQuotes").asBoolean(),
                c.get("skip").asBoolean());
        String text = c.get("text").asText();
        Csv.Skipped skipped = new Csv.Skipped();
        if (c.has("error")) {
            assertThatThrownBy(() -> Csv.toJson(Csv.parse(text, o, skipped), o, true))
                    .hasMessage(c.get("error").asText());
            return;
        }
        JsonNode rows = Json.valueToTree(Csv.toJson(Csv.parse(text, o, skipped), o, true));
        assertThat(rows).isEqualTo(c.get("rows"));
        assertThat(skipped.count())
                .as("skipped errors")
                .isEqualTo(c.get("skipped").asInt());
    }
}
