package io.hetumind.nodes.ai;

import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.spi.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Call Workflow tool runs a child workflow per call and answers its response field. */
class WorkflowToolTest {

    static final String CHILD =
            """
            {"name":"child","nodes":[
              {"name":"In","type":"hetumind.executeWorkflowTrigger","typeVersion":1},
              {"name":"Answer","type":"hetumind.set","typeVersion":3.4,"parameters":{
                "assignments":{"assignments":[{"id":"1","name":"response","value":"={{ $json.query.toUpperCase() }}","type":"string"}]}}}],
             "connections":{"In":{"main":[[{"node":"Answer","type":"main","index":0}]]}}}
            """;

    @Test
    void callsTheWorkflowWithTheQueryAndAnswersItsResponse() throws Exception {
        String nodes =
                """
                {"name":"Agent","type":"hetumind.agent","typeVersion":2,"parameters":{"promptType":"define","text":"={{ $json.q }}"}},
                {"name":"GPT","type":"hetumind.lmChatOpenAi","typeVersion":1.2,"credentials":{"openAiApi":{"id":"1","name":"OpenAI"}}},
                {"name":"Shout","type":"hetumind.toolWorkflow","typeVersion":1.3,"parameters":{
                  "description":"Shouts the text","source":"parameter","workflowJson":%s}}
                """
                        .formatted(Json.F.textNode(CHILD).toString());
        String wires =
                """
                "Start":{"main":[[{"node":"Agent","type":"main","index":0}]]},
                "GPT":{"ai_languageModel":[[{"node":"Agent","type":"ai_languageModel","index":0}]]},
                "Shout":{"ai_tool":[[{"node":"Agent","type":"ai_tool","index":0}]]}
                """;
        try (FakeProvider p = new FakeProvider()) {
            p.thenJson(FakeProvider.openAiToolCalls("Shout", "{\"input\":\"hello\"}"))
                    .thenJson(FakeProvider.openAiText("HELLO"));
            ExecutionResult r =
                    AiRun.openAi(p).run(AiRun.workflow(nodes, wires), List.of(AiRun.item("{\"q\":\"shout hello\"}")));
            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(p.requests
                            .get(1)
                            .body()
                            .get("messages")
                            .get(3)
                            .get("content")
                            .asText())
                    .isEqualTo("HELLO");
        }
    }
}
