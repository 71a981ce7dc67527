package io.hetumind.nodes.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.core.spi.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** ts-ics 1.2.2's duration objects, quirks included (each pair checked with n8n 2.8.4's ts-ics). */
class IcsPartsTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "PT15M|{\"minutes\":15}",
                "-PT15M|{\"before\":true,\"minutes\":15}",
                "+PT5M|{\"minutes\":5}",
                "P1DT2H|{\"days\":1,\"hours\":2}",
                "P1W|{\"weeks\":1}",
                "-P2D|{\"before\":true,\"days\":2}",
                "PT1H30M5S|{\"hours\":1,\"minutes\":30,\"seconds\":5}",
                "P1DT|{\"days\":1}",
                // weeks are read only after days, and a day in the time part is read as hours: NaN, null in JSON
                "P2W3D|{\"days\":null}",
                "PT1D2H|{\"hours\":null}"
            })
    void durationsAsTsIcsReadsThem(String ics, String json) {
        assertThat(IcsParts.duration(ics)).isEqualTo(Json.parse(json));
    }

    @Test
    void anAlarmTriggerIsRelativeUnlessItsValueIsADate() {
        var relative = Json.object();
        IcsParts.alarmLine(relative, "TRIGGER", java.util.Map.of("RELATED", "END"), "-PT1H", 0);
        assertThat(relative)
                .isEqualTo(Json.parse("{\"trigger\":{\"type\":\"relative\",\"value\":{\"before\":true,\"hours\":1},"
                        + "\"options\":{\"related\":\"END\"}}}"));
        var absolute = Json.object();
        IcsParts.alarmLine(absolute, "TRIGGER", java.util.Map.of("VALUE", "DATE-TIME"), "20240103T080000Z", 0);
        assertThat(absolute.at("/trigger/value/date").asText()).isEqualTo("2024-01-03T08:00:00.000Z");
        assertThat(absolute.at("/trigger/options").isEmpty()).isTrue();
    }
}
