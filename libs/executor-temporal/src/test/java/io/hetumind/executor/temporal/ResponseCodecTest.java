package io.hetumind.executor.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.core.spi.trigger.WebhookResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a worker's Respond to Webhook hands the studio through the run-data store comes back whole. */
class ResponseCodecTest {

    @Test
    void textAndBinaryAnswersRoundTrip() {
        WebhookResponse text = new WebhookResponse(201, Map.of("x-a", "1"), "{\"ok\":true}", "application/json");
        WebhookResponse back = ResponseCodec.read(ResponseCodec.write(text));
        assertThat(back).isEqualTo(text);
        assertThat(back.data()).isNull();

        byte[] file = {'%', 'P', 'D', 'F', 0, (byte) 0xff, (byte) 0x80};
        WebhookResponse binary = new WebhookResponse(200, Map.of(), null, "application/pdf", file);
        WebhookResponse read = ResponseCodec.read(ResponseCodec.write(binary));
        assertThat(read.bytes()).isEqualTo(file);
        assertThat(read.body()).isNull();
        assertThat(read.contentType()).isEqualTo("application/pdf");
    }
}
