package io.hetumind.core.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hetumind.core.model.Workflow;
import io.hetumind.core.spi.Json;
import org.junit.jupiter.api.Test;

/** Large but valid documents read; a limit that is hit is named with the variable that raises it. */
class FormatLimitsTest {

    private static String withNote(String note) {
        return """
                {"name":"big","nodes":[{"name":"Start","type":"hetumind.manualTrigger","parameters":{"note":"%s"}}],
                 "connections":{}}"""
                .formatted(note);
    }

    @Test
    void aWorkflowWithA25MillionCharacterStringIsValid() {
        String big = "x".repeat(25_000_000); // past the parser's own 20 M default
        Workflow wf = WorkflowFormat.readJson(withNote(big));
        assertThat(wf.nodes().getFirst().parameters().path("note").asText()).hasSize(25_000_000);
    }

    @Test
    void tooDeepNestingNamesTheLimitAndHowToRaiseIt() {
        String deep = "[".repeat(1500) + "]".repeat(1500);
        String doc = "{\"name\":\"deep\",\"nodes\":[],\"connections\":{},\"pinData\":{\"x\":" + deep + "}}";
        assertThatThrownBy(() -> WorkflowFormat.readJson(doc))
                .isInstanceOf(WorkflowFormatException.class)
                .hasMessageStartingWith(
                        "JSON document too large: objects and arrays are nested deeper than the limit of 1000 levels"
                                + " (raise it with HETUMIND_JSON_MAX_DEPTH)")
                .message()
                .doesNotContain("StreamReadConstraints");
        assertThatThrownBy(() -> Json.parse(deep))
                .hasMessageStartingWith("objects and arrays are nested deeper than the limit of 1000 levels")
                .message()
                .doesNotContain("StreamReadConstraints");
    }

    @Test
    void aLargeYamlDocumentReadsToo() {
        String yaml =
                "name: big\nnodes:\n  - name: Start\n    type: hetumind.manualTrigger\n    parameters:\n      note: "
                        + "y".repeat(5_000_000) + "\nconnections: {}\n";
        assertThat(WorkflowFormat.readYaml(yaml)
                        .nodes()
                        .getFirst()
                        .parameters()
                        .path("note")
                        .asText())
                .hasSize(5_000_000);
    }
}
