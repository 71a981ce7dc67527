package io.hetumind.nodes.python;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.expr.ExpressionException;
import io.hetumind.core.expr.PythonSandbox;
import io.hetumind.core.spi.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sandbox on a real GraalPy, with a host that answers from a table instead of a node's JavaScript. */
class GraalPythonSandboxTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(1);

    private final List<String> asked = new ArrayList<>();
    private final List<String> printed = new ArrayList<>();

    private PythonSandbox.Host host(Map<String, JsonNode> answers) {
        return new PythonSandbox.Host() {
            @Override
            public JsonNode evaluate(String js) {
                asked.add(js);
                if (js.startsWith("$(\"Missing")) {
                    throw new ExpressionException("Referenced node doesn't exist", js);
                }
                return answers.get(js);
            }

            @Override
            public void log(String line) {
                printed.add(line);
            }
        };
    }

    private JsonNode run(String code, Map<String, JsonNode> answers, boolean eachItem) {
        try (var session = PythonSandbox.installed().orElseThrow().open(code, host(answers))) {
            return session.call(eachItem, TIMEOUT, () -> false);
        }
    }

    @Test
    void isFoundByServiceLoader() {
        assertThat(PythonSandbox.installed()).get().isInstanceOf(GraalPythonSandbox.class);
    }

    @Test
    void valuesCrossBothWaysUnchanged() {
        JsonNode tricky = Json.parse(
                """
                {"s": "it's \\"q\\" \\\\ \\n\\t\\u0000 é 😀 \\u2028", "big": 1180591620717411303424, "f": 1.5e300,
                 "neg": -7, "t": true, "n": null, "a": [[], {}, [1, "x"]], "": "empty key", "é😀": 1}""");
        JsonNode back = run("return {'json': _json}", Map.of("$json", tricky), true);
        assertThat(back).isEqualTo(Json.parse("{\"json\": " + Json.write(tricky) + "}"));
    }

    @Test
    void n8nNamesAskTheHostForTheirJavaScript() {
        JsonNode item = Json.parse("{\"json\": {\"name\": \"Ada\"}, \"pairedItem\": {\"item\": 0}}");
        JsonNode out = run(
                "print('hi', _('Sta\"rt 😀').first(1, None).json.name)\n"
                        + "return [_input.first(), {'count': len(_items), 'mode': _mode}]",
                Map.of(
                        "$input.first()",
                        item,
                        "$input.all()",
                        Json.array().add(item).add(item),
                        "$(\"Sta\\u0022rt \\ud83d\\ude00\").first(1)",
                        item),
                false);
        // $mode has no answer here: JavaScript's undefined reads as None
        assertThat(out).isEqualTo(Json.parse("[" + Json.write(item) + ", {\"count\": 2, \"mode\": null}]"));
        assertThat(printed).containsExactly("hi Ada");
        assertThat(asked).contains("$runIndex", "$input.all()", "$input.first()");
    }

    @Test
    void failuresSayWhatAndWhere() {
        assertThatThrownBy(() -> run("x = 1\n\nreturn x / 0", Map.of(), false))
                .hasMessage("ZeroDivisionError: division by zero [line 3]");
        assertThatThrownBy(() -> run("return _('Missing').all()", Map.of(), false))
                .hasMessage("Referenced node doesn't exist [line 1]");
        assertThatThrownBy(() -> run("def f(:\n  pass", Map.of(), false))
                .isInstanceOf(ExpressionException.class)
                .hasMessageStartingWith("SyntaxError: ")
                .hasMessageEndingWith("[line 1]");
        assertThatThrownBy(() -> run("return {1, 2}", Map.of(), false))
                .hasMessage("Code returned a value that is not JSON data: a 'set'");
        try (var session = PythonSandbox.installed().orElseThrow().open("while True:\n  pass", host(Map.of()))) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> session.call(false, Duration.ofMillis(500), () -> false))
                    .hasMessage("Python code ran longer than its timeout of 0.5 s");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
        }
    }

    @Test
    void eachRunStartsFromFreshGlobals() {
        assertThat(run("global leak\nleak = 1\nreturn {'v': 1}", Map.of(), false))
                .isEqualTo(Json.parse("{\"v\": 1}"));
        assertThatThrownBy(() -> run("return {'v': leak}", Map.of(), false))
                .hasMessage("NameError: name 'leak' is not defined [line 1]");
    }
}
