package io.hetumind.nodes.ai;

import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A memory whose session comes from the input (n8n's "Connected Chat Trigger Node") finds it on the item, else on the
 * workflow's chat trigger's first item, as n8n's {@code getSessionId}: a chat may pass through other nodes first.
 */
class ChatSessionTest {

    private static String workflow(String trigger) {
        return """
                {"id":"wf-chat","name":"chat","nodes":[
                 %s,
                 {"name":"Only the question","type":"n8n-nodes-base.set","typeVersion":3.4,"parameters":{
                  "assignments":{"assignments":[{"id":"a","name":"q","value":"={{ $json.chatInput }}","type":"string"}]},
                  "options":{}}},
                 {"name":"Agent","type":"hetumind.agent","typeVersion":2,"parameters":{"promptType":"define","text":"={{ $json.q }}"}},
                 {"name":"GPT","type":"hetumind.lmChatOpenAi","typeVersion":1.2,"parameters":{
                  "model":{"__rl":true,"mode":"id","value":"gpt-4o"},"options":{"maxRetries":0}},
                  "credentials":{"openAiApi":{"id":"1","name":"OpenAI"}}},
                 {"name":"Memory","type":"hetumind.memoryBufferWindow","typeVersion":1.3,"parameters":{"contextWindowLength":5}}],
                 "connections":{"Chat":{"main":[[{"node":"Only the question","type":"main","index":0}]]},
                  "Only the question":{"main":[[{"node":"Agent","type":"main","index":0}]]},
                  "GPT":{"ai_languageModel":[[{"node":"Agent","type":"ai_languageModel","index":0}]]},
                  "Memory":{"ai_memory":[[{"node":"Agent","type":"ai_memory","index":0}]]}}}
                """
                .formatted(trigger);
    }

    @Test
    void anItemWithoutASessionTakesTheChatTriggersSession() throws Exception {
        String wf = workflow(
                "{\"name\":\"Chat\",\"type\":\"@n8n/n8n-nodes-langchain.chatTrigger\",\"typeVersion\":1.1,\"parameters\":{\"webhookId\":\"c-1\"}}");
        try (FakeProvider p = new FakeProvider()) {
            p.thenJson(FakeProvider.openAiText("Hi Ann")).thenJson(FakeProvider.openAiText("You are Ann"));
            AiRun ai = AiRun.openAi(p);
            ExecutionResult first =
                    ai.run(wf, List.of(AiRun.item("{\"sessionId\":\"s-1\",\"chatInput\":\"I am Ann\"}")));
            assertThat(first.status()).as(() -> first.toJson().toString()).isEqualTo(ExecutionStatus.SUCCESS);
            ExecutionResult second =
                    ai.run(wf, List.of(AiRun.item("{\"sessionId\":\"s-1\",\"chatInput\":\"Who am I?\"}")));
            assertThat(second.status()).isEqualTo(ExecutionStatus.SUCCESS);
            // the same session: the second call carries the first exchange
            assertThat(p.requests.get(1).body().get("messages").toString())
                    .contains("I am Ann")
                    .contains("Hi Ann")
                    .contains("Who am I?");
        }
    }

    @Test
    void withoutAChatTriggerAnItemWithoutASessionIsRefusedAsN8nRefusesIt() throws Exception {
        String wf =
                workflow("{\"name\":\"Chat\",\"type\":\"hetumind.manualTrigger\",\"typeVersion\":1,\"parameters\":{}}");
        try (FakeProvider p = new FakeProvider()) {
            ExecutionResult r =
                    AiRun.openAi(p).run(wf, List.of(AiRun.item("{\"sessionId\":\"s-1\",\"chatInput\":\"hi\"}")));
            assertThat(r.status()).isEqualTo(ExecutionStatus.ERROR);
            assertThat(r.state().runs("Agent").getFirst().error().message()).contains("No session ID found");
            assertThat(p.requests).isEmpty();
        }
    }
}
