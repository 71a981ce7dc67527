package io.hetumind.nodes.data;

import static io.hetumind.nodes.NodeTests.error;
import static io.hetumind.nodes.NodeTests.out;
import static io.hetumind.nodes.NodeTests.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class RenameKeysRegexTest {

    private final RenameKeysNode node = new RenameKeysNode();

    private static String params(String regex) {
        ObjectNode r = Json.object().put("searchRegex", regex).put("replaceRegex", "x");
        r.putObject("options").put("depth", -1);
        ObjectNode p = Json.object();
        p.putObject("additionalOptions")
                .putObject("regexReplacement")
                .putArray("replacements")
                .add(r);
        return Json.write(p);
    }

    private static List<Item> longKey() {
        ObjectNode json = Json.object().put("a".repeat(30_000), "v").put("short", 1);
        return List.of(new Item(json, null, null));
    }

    @Test
    void backtrackingPatternsStopWithNodesWording() {
        for (String regex : List.of("(a+)+b", "aaaaaaaaa*c", "(a|a)*b")) {
            assertThat(error(run(node, 1, params(regex), longKey())))
                    .isEqualTo("Regex pattern \"" + regex + "\" may cause performance issues. Please try a simpler"
                            + " pattern like \"[a-z]+\" or \"\\w+\". ");
        }
    }

    @Test
    void ordinaryPatternsOnLongKeysStillRename() {
        var r = out(run(node, 1, params("^a+$"), longKey()), 0);
        assertThat(r.getFirst().has("x")).isTrue();
        assertThat(r.getFirst().has("short")).isTrue();
    }
}
