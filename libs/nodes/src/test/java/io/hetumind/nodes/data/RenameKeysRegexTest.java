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

    private static String params(String regex, String replace, boolean caseInsensitive) {
        ObjectNode r = Json.object().put("searchRegex", regex).put("replaceRegex", replace);
        r.putObject("options").put("depth", -1).put("caseInsensitive", caseInsensitive);
        ObjectNode p = Json.object();
        p.putObject("additionalOptions")
                .putObject("regexReplacement")
                .putArray("replacements")
                .add(r);
        return Json.write(p);
    }

    private static List<Item> item(String json) {
        return List.of(new Item((ObjectNode) Json.parse(json), null, null));
    }

    /**
     * n8n 2.8.1 renames with key.replace(new RegExp(searchRegex, flags), replaceRegex): JavaScript's replacement
     * patterns, and the search text as the pattern itself (expected values printed by Node.js running that code).
     */
    @Test
    void replacementsFollowJavaScriptsPatterns() {
        assertThat(out(
                                run(
                                        node,
                                        1,
                                        params("^(\\w+)_(\\w+)$", "$2_$1", false),
                                        item("{\"user_name\":1,\"/name/\":2,\"name\":3,\"a.b\":4}")),
                                0)
                        .getFirst())
                .isEqualTo(Json.parse("{\"/name/\":2,\"name\":3,\"a.b\":4,\"name_user\":1}"));
        // "/name/" is a pattern with slashes, not a regular expression literal
        assertThat(out(run(node, 1, params("/name/", "N", false), item("{\"user_name\":1,\"/name/\":2,\"name\":3}")), 0)
                        .getFirst())
                .isEqualTo(Json.parse("{\"user_name\":1,\"name\":3,\"N\":2}"));
        // $& $1 $$ and unknown sequences; a backslash is literal; case-insensitive flag
        assertThat(out(
                                run(
                                        node,
                                        1,
                                        params("^(p)rice$", "[$&|$1|$$|\\0|$<x>]", true),
                                        item("{\"Price\":1,\"cost\":2}")),
                                0)
                        .getFirst())
                .isEqualTo(Json.parse("{\"cost\":2,\"[Price|P|$|\\\\0|$<x>]\":1}"));
    }

    @Test
    void anInvalidPatternIsAUserErrorNamingTheItem() {
        assertThat(error(run(node, 1, params("(unclosed", "x", false), item("{\"a\":1}"))))
                .startsWith("Invalid regular expression: /(unclosed/")
                .endsWith("[item 0]");
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
