package io.hetumind.nodes.data.markdown;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Node;
import io.hetumind.core.spi.Json;
import io.hetumind.nodes.NodeTests;
import io.hetumind.nodes.testing.NodeHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The Markdown node against the real libraries: every case of {@code markdown-library/cases.expected.json} holds
 * what node-html-markdown 1.2.0 or showdown 2.1.0 returned on Node for that input and those node options, mapped
 * as n8n's node maps them ({@code record.mjs} beside it re-records them).
 */
class MarkdownLibraryCasesTest {

    private static final Path CASES = Path.of("src/test/resources/markdown-library/cases.expected.json");
    private static final Pattern REFERENCE = Pattern.compile("&#(x[0-9a-fA-F]+|[0-9]+);");

    private final MarkdownNode node = new MarkdownNode();

    @TestFactory
    Stream<DynamicTest> everyRecordedCase() throws IOException {
        JsonNode cases = Json.parse(Files.readString(CASES));
        assertThat(cases.size()).as("recorded cases").isGreaterThan(50);
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : cases) {
            tests.add(DynamicTest.dynamicTest(c.path("name").asText(), () -> check(c)));
        }
        return tests.stream();
    }

    private void check(JsonNode c) {
        String mode = c.path("mode").asText();
        ObjectNode params = Json.object()
                .put("mode", mode)
                .put(mode.equals("htmlToMarkdown") ? "html" : "markdown", "={{ $json.in }}")
                .put("destinationKey", "out");
        params.set("options", c.path("options"));
        var result = new NodeHarness(node, NodeTests.expressions())
                .run(
                        Node.of("Node", node.descriptor().type(), 1, params),
                        List.of(List.of(
                                Item.of(Json.object().put("in", c.path("input").asText())))));
        assertThat(result.status())
                .as("status, error: %s", result.state().error())
                .isEqualTo(ExecutionStatus.SUCCESS);
        String got = result.output("Node", 0).getFirst().json().path("out").asText();
        String expected = c.path("expected").asText();
        if (c.path("options").path("simplifiedAutoLink").asBoolean()) {
            // showdown writes e-mail addresses with randomly chosen character references (Math.random)
            got = decode(got);
            expected = decode(expected);
        }
        assertThat(got).as(c.path("name").asText()).isEqualTo(expected);
    }

    private static String decode(String s) {
        return REFERENCE.matcher(s).replaceAll(m -> {
            String ref = m.group(1);
            int cp = ref.startsWith("x") ? Integer.parseInt(ref.substring(1), 16) : Integer.parseInt(ref);
            return java.util.regex.Matcher.quoteReplacement(Character.toString(cp));
        });
    }
}
