package io.hetumind.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.core.spi.ErrorKind;
import io.hetumind.core.spi.Json;
import org.junit.jupiter.api.Test;

class ExecutionErrorJsonTest {

    @Test
    void oneShapeRoundTrips() {
        ExecutionError e = new ExecutionError("boom", "details", "HTTP Request", 3, ErrorKind.OPERATIONAL);
        assertThat(e.toJson().toString())
                .isEqualTo("{\"message\":\"boom\",\"description\":\"details\",\"node\":\"HTTP Request\","
                        + "\"itemIndex\":3,\"kind\":\"operational\"}");
        assertThat(ExecutionError.fromJson(e.toJson())).isEqualTo(e);
    }

    @Test
    void absentPartsAreLeftOut() {
        ExecutionError e = new ExecutionError("boom", null, null, -1, null);
        assertThat(e.toJson().toString()).isEqualTo("{\"message\":\"boom\"}");
        assertThat(ExecutionError.fromJson(e.toJson())).isEqualTo(e);
    }

    @Test
    void journalsOfOlderBuildsStillRead() throws Exception {
        var old = Json.reader()
                .readTree("{\"message\":\"m\",\"description\":null,\"node\":\"Set\",\"item\":2,\"kind\":\"USER\"}");
        assertThat(ExecutionError.fromJson(old)).isEqualTo(new ExecutionError("m", null, "Set", 2, ErrorKind.USER));
        assertThat(ExecutionError.fromJson(Json.reader().readTree("null"))).isNull();
    }
}
