package io.hetumind.nodes.ai.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import io.hetumind.core.spi.Json;
import org.junit.jupiter.api.Test;

class LanguageModelRecordTest {

    @Test
    void aHugeCallRecordStaysOneWholeJsonLineWithinTheConsoleLimit() throws Exception {
        var record = Json.object().put("node", "GPT");
        var in = record.putArray("messagesIn");
        in.add(LanguageModel.message(SystemMessage.from("be brief")));
        for (int i = 0; i < 200; i++) {
            in.add(LanguageModel.message(UserMessage.from("x".repeat(5000) + i)));
        }
        String line = LanguageModel.fit(record);
        assertThat(line.length()).isLessThanOrEqualTo(LanguageModel.MAX_RECORD);
        var parsed = Json.reader().readTree(line);
        assertThat(parsed.get("truncated").asBoolean()).isTrue();
        assertThat(parsed.get("messagesIn").get(0).get("text").asText()).isEqualTo("be brief");
        assertThat(parsed.get("messagesIn")
                        .get(parsed.get("messagesIn").size() - 1)
                        .get("text")
                        .asText())
                .endsWith("…");
        assertThat(parsed.get("messagesOmitted").asInt()).isGreaterThan(0);
        var small = Json.object().put("node", "GPT");
        assertThat(LanguageModel.fit(small)).isEqualTo("{\"node\":\"GPT\"}");
    }
}
