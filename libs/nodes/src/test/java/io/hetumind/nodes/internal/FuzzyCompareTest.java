package io.hetumind.nodes.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.spi.Json;
import org.junit.jupiter.api.Test;

class FuzzyCompareTest {

    private static JsonNode j(String json) {
        return Json.parse(json);
    }

    private static boolean eq(String a, String b, int version) {
        return FuzzyCompare.equal(a == null ? null : j(a), b == null ? null : j(b), version);
    }

    @Test
    void emptyValuesMatchEachOtherAndAMissingField() {
        assertThat(eq("null", null, 1)).as("null vs missing").isTrue();
        assertThat(eq(null, "\"\"", 1)).as("missing vs empty text").isTrue();
        assertThat(eq("[]", "null", 1)).isTrue();
        assertThat(eq("0", null, 1)).as("0 is not empty to n8n").isFalse();
        assertThat(eq("false", "null", 1)).isFalse();
    }

    @Test
    void valuesOfOtherTypesMatchTheirTextForms() {
        assertThat(eq("1", "\"1\"", 1)).isTrue();
        assertThat(eq("1.5", "\"1.50\"", 1)).isFalse();
        assertThat(eq("true", "\"TRUE\"", 1)).isTrue();
        assertThat(eq("\"0\"", "false", 1)).isTrue();
        assertThat(eq("true", "1", 1)).isTrue();
        assertThat(eq("{\"a\":1}", "\"{\\\"a\\\":1}\"", 1)).isTrue();
        assertThat(eq("\"x\"", "\"X\"", 1)).as("same type: strict").isFalse();
    }

    @Test
    void nullMatchesZeroFromCompareVersion2() {
        assertThat(eq("null", "0", 1)).isFalse();
        assertThat(eq("null", "0", 2)).isTrue();
        assertThat(eq("\"0\"", "null", 2)).isTrue();
    }
}
