package io.hetumind.core.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.model.Workflow;
import io.hetumind.core.spi.Json;
import io.hetumind.core.validate.Problem;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Templates: reading, validation at save, instantiation with typed values, and the built-in gallery. */
class TemplateTest {

    static String doc(String parameters, String parametersOfNode) {
        return """
                { "hetumindTemplate": 1, "name": "t", "version": 2, "parameters": %s,
                  "workflow": { "name": "W ${param:label}", "nodes": [
                    { "name": "Start", "type": "hetumind.manualTrigger", "parameters": {} },
                    { "name": "Set", "type": "hetumind.set", "typeVersion": 3.4, "parameters": %s } ],
                    "connections": { "Start": { "main": [[ { "node": "Set", "type": "main", "index": 0 } ]] } } } }
                """
                .formatted(parameters, parametersOfNode);
    }

    static final String PARAMS =
            """
            [ { "name": "label", "type": "string", "default": "x" },
              { "name": "count", "type": "number", "required": true, "description": "how many" },
              { "name": "on", "type": "boolean", "default": false },
              { "name": "extra", "type": "json" } ]
            """;
    static final String USES =
            """
            { "n": { "$param": "count" }, "flag": { "$param": "on" }, "more": [ { "$param": "extra" } ],
              "text": "a ${param:label} b $${param:literal} c ${param:count}" }
            """;

    static List<String> codes(List<Problem> problems) {
        return problems.stream().map(Problem::code).toList();
    }

    @Test
    void instantiatesWithTypedValuesDefaultsAndInStringValues() {
        Template t = TemplateFormat.read(doc(PARAMS, USES));
        assertThat(TemplateValidator.validate(t).problems()).isEmpty();
        assertThat(t.version()).isEqualTo(2);
        Workflow wf = TemplateInstantiator.instantiate(
                t, Map.of("count", Json.F.numberNode(3), "extra", Json.parse("{\"k\":[1]}")), null);
        JsonNode p = wf.node("Set").orElseThrow().parameters();
        assertThat(p.get("n").intValue()).isEqualTo(3);
        assertThat(p.get("flag").isBoolean()).isTrue();
        assertThat(p.at("/more/0/k/0").intValue()).isEqualTo(1);
        assertThat(p.get("text").asText()).isEqualTo("a x b ${param:literal} c 3");
        assertThat(wf.name()).isEqualTo("W x");
        assertThat(TemplateInstantiator.instantiate(t, Map.of("count", Json.F.numberNode(1)), "Named")
                        .name())
                .isEqualTo("Named");
    }

    @Test
    void commandLineTextsAreReadByTheDeclaredType() {
        Template t = TemplateFormat.read(doc(PARAMS, USES));
        Map<String, String> texts = new LinkedHashMap<>();
        texts.put("count", "2.5");
        texts.put("on", "true");
        texts.put("extra", "[1,2]");
        texts.put("label", "42");
        Map<String, JsonNode> values = TemplateInstantiator.fromTexts(t, texts);
        assertThat(values.get("count").doubleValue()).isEqualTo(2.5);
        assertThat(values.get("on").booleanValue()).isTrue();
        assertThat(values.get("extra").isArray()).isTrue();
        assertThat(values.get("label").isTextual()).isTrue();
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("count", "lots");
        bad.put("on", "yes");
        bad.put("nope", "1");
        assertThatThrownBy(() -> TemplateInstantiator.fromTexts(t, bad))
                .isInstanceOfSatisfying(TemplateParamsException.class, e -> assertThat(e.problems())
                        .extracting(Problem::code, Problem::path)
                        .containsExactly(
                                org.assertj.core.groups.Tuple.tuple("wrong-type", "$.params.count"),
                                org.assertj.core.groups.Tuple.tuple("wrong-type", "$.params.on"),
                                org.assertj.core.groups.Tuple.tuple("unknown-parameter", "$.params.nope")));
    }

    @Test
    void instantiationReportsEveryBadValueAtOnce() {
        Template t = TemplateFormat.read(doc(PARAMS, USES));
        assertThatThrownBy(() -> TemplateInstantiator.instantiate(
                        t, Map.of("label", Json.F.numberNode(1), "ghost", Json.F.textNode("")), null))
                .isInstanceOfSatisfying(TemplateParamsException.class, e -> {
                    assertThat(codes(e.problems()))
                            .containsExactlyInAnyOrder("wrong-type", "unknown-parameter", "missing-parameter");
                    assertThat(e.problems())
                            .anySatisfy(p -> assertThat(p.message()).contains("count is required (number: how many)"));
                });
    }

    @Test
    void saveValidationFindsUnusedUndeclaredBadDefaultsAndBadPlaceholders() {
        String params =
                """
                [ { "name": "label", "type": "string", "default": 1 },
                  { "name": "label", "type": "number" },
                  { "name": "unused", "type": "boolean", "default": true },
                  { "name": "9bad", "type": "json" } ]
                """;
        String uses =
                """
                { "a": { "$param": "ghost" }, "b": { "$param": "label", "x": 1 }, "c": "${param:open",
                  "d": "${param:bad name}" }
                """;
        var report = TemplateValidator.validate(TemplateFormat.read(doc(params, uses)));
        assertThat(report.problems())
                .extracting(Problem::code, Problem::path)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("bad-default", "$.parameters[0].default"),
                        org.assertj.core.groups.Tuple.tuple("duplicate-parameter", "$.parameters[1].name"),
                        org.assertj.core.groups.Tuple.tuple("bad-parameter-name", "$.parameters[3].name"),
                        org.assertj.core.groups.Tuple.tuple("bad-placeholder", "$.workflow.nodes[1].parameters.b"),
                        org.assertj.core.groups.Tuple.tuple("bad-placeholder", "$.workflow.nodes[1].parameters.c"),
                        org.assertj.core.groups.Tuple.tuple("bad-placeholder", "$.workflow.nodes[1].parameters.d"),
                        org.assertj.core.groups.Tuple.tuple("undeclared-parameter", "$.workflow.nodes[1].parameters.a"),
                        org.assertj.core.groups.Tuple.tuple("unused-parameter", "$.parameters[2]"));
        assertThatThrownBy(
                        () -> TemplateInstantiator.instantiate(TemplateFormat.read(doc(params, uses)), Map.of(), null))
                .isInstanceOf(TemplateParamsException.class)
                .hasMessageContaining("is not valid");
    }

    @Test
    void aWorkflowThatDoesNotReadAsOneIsReported() {
        String d =
                """
                { "name": "t", "parameters": [ { "name": "n", "type": "number", "default": 1 } ],
                  "workflow": { "nodes": { "$param": "n" } } }
                """;
        assertThat(codes(TemplateValidator.validate(TemplateFormat.read(d)).problems()))
                .containsExactly("malformed-workflow");
    }

    @Test
    void shapeErrorsAndNewerFormatsAreRefusedWithThePath() {
        assertThatThrownBy(() -> TemplateFormat.read("{\"hetumindTemplate\": 2, \"workflow\": {}}"))
                .hasMessageContaining("format 2, newer than the 1 this build reads");
        assertThatThrownBy(() -> TemplateFormat.read(
                        "{\"name\":\"t\",\"parameters\":[{\"name\":\"a\",\"type\":\"date\"}],\"workflow\":{}}"))
                .hasMessageContaining(
                        "$.parameters[0].type: must be one of string, number, boolean, json (got 'date')");
        assertThatThrownBy(() -> TemplateFormat.read("{\"name\":\"t\"}")).hasMessageContaining("$.workflow");
        assertThatThrownBy(() -> TemplateFormat.read("{\"name\": ")).isInstanceOf(TemplateFormatException.class);
    }

    @Test
    void roundTripsThroughItsDocument() {
        Template t = TemplateFormat.read(doc(PARAMS, USES));
        Template again = TemplateFormat.read(TemplateFormat.writeJson(t));
        assertThat(TemplateFormat.toTree(again)).isEqualTo(TemplateFormat.toTree(t));
        assertThat(again.parameter("count").orElseThrow().required()).isTrue();
    }

    @Test
    void theGalleryHasThreeValidTemplates() {
        assertThat(TemplateGallery.builtIn())
                .extracting(Template::name)
                .containsExactly("webhook-transform-respond", "schedule-http-postgres", "error-notifier");
        Template hook = TemplateGallery.find("webhook-transform-respond").orElseThrow();
        Workflow wf = TemplateInstantiator.instantiate(hook, Map.of("path", Json.F.textNode("orders")), null);
        assertThat(wf.node("Webhook").orElseThrow().parameters().get("path").asText())
                .isEqualTo("orders");
        assertThat(wf.node("Respond")
                        .orElseThrow()
                        .parameters()
                        .at("/options/responseCode")
                        .intValue())
                .isEqualTo(200);
        assertThat(wf.name()).isEqualTo("Webhook orders: transform and respond");
    }
}
