package io.hetumind.nodes.data.markdown;

import static io.hetumind.nodes.NodeTests.error;
import static io.hetumind.nodes.NodeTests.out;
import static io.hetumind.nodes.NodeTests.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hetumind.core.model.Item;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.PropertySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The node's own rules around the libraries: which options n8n passes on, errors, the descriptor, concurrent use.
 * What the libraries write is pinned by {@link MarkdownLibraryCasesTest}.
 */
class MarkdownNodeTest {

    private final MarkdownNode node = new MarkdownNode();

    private String convert(String params, String input) {
        var item = Item.of(Json.object().put("in", input).put("keep", 1));
        var o = out(run(node, 1, params, List.of(item)), 0).getFirst();
        assertThat(o.path("keep").asInt()).isEqualTo(1);
        return o.path("data").asText();
    }

    private String toMd(String options, String html) {
        return convert("{'html':'={{ $json.in }}','options':" + options + "}", html);
    }

    private String toHtml(String options, String md) {
        return convert("{'mode':'markdownToHtml','markdown':'={{ $json.in }}','options':" + options + "}", md);
    }

    @Test
    void htmlToMarkdownPassesOnlyTruthyOptions() {
        String html = "<p>a</p><ul><li>x</li></ul><pre><code>c\n</code></pre>";
        // nothing set, or set to an empty text / 0: the library's defaults (fenced code, "*", 3 newlines)
        String defaults = "a\n\n* x\n\n```\nc\n\n```";
        assertThat(toMd("{}", html)).isEqualTo(defaults);
        assertThat(toMd("{'bulletMarker':'','codeFence':'','maxConsecutiveNewlines':0,'ignore':''}", html))
                .isEqualTo(defaults);
        // the node offers "fence", which the library does not know: anything but "fenced" indents
        assertThat(toMd("{'codeBlockStyle':'fence'}", html)).isEqualTo("a\n\n* x\n\n    c\n    ");
        assertThat(toMd("{'maxConsecutiveNewlines':1}", "<p>a</p><p>b</p>")).isEqualTo("a\nb");
        assertThat(toMd("{'maxConsecutiveNewlines':'={{ 1 }}'}", "<p>a</p><p>b</p>"))
                .isEqualTo("a\nb");
    }

    @Test
    void htmlIsReadAsNodeHtmlParserReadsIt() {
        // upper-case tags, an li outside a list, a div that closes a p, unclosed items, an A inside an A
        assertThat(toMd("{}", "<P>Up <B>b</B><Li>x</LI><DIV>d</DIV>")).isEqualTo("Up **b**x\n\nd");
        assertThat(toMd("{}", "<p>a<div>b</div>c</p><ul><li>one<li>two</ul><a href=x>1<a href=y>2</a></a>"))
                .isEqualTo("a\n\nb\n\nc\n* one\n* two\n[1](x)[2](y)");
    }

    @Test
    void markdownToHtmlHandsEverySetOptionToShowdown() {
        assertThat(toHtml("{}", "# A\n\na_b_c")).isEqualTo("<h1 id=\"a\">A</h1>\n<p>a<em>b</em>c</p>");
        assertThat(toHtml("{'headerLevelStart':'={{ 1 + 2 }}','noHeaderId':true}", "# A\n\na_b_c"))
                .isEqualTo("<h3>A</h3>\n<p>a<em>b</em>c</p>");
        assertThat(toHtml("{}", "")).isEmpty();
    }

    @Test
    void conversionsRunConcurrently() throws Exception {
        List<Callable<String>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String n = String.valueOf(i);
            calls.add(() -> toHtml("{}", "## T" + n) + "|" + toMd("{}", "<h2>T" + n + "</h2>"));
        }
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> done = pool.invokeAll(calls);
            for (int i = 0; i < done.size(); i++) {
                assertThat(done.get(i).get()).isEqualTo("<h2 id=\"t" + i + "\">T" + i + "</h2>|## T" + i);
            }
        }
    }

    @Test
    void showdownStopsAtItsTimeBudgetAndStaysUsable() {
        String big = "- *a* _b_ `c` [d](e)\n".repeat(5_000);
        assertThatThrownBy(() -> Showdown.makeHtml(big, "{}", Duration.ofMillis(1)))
                .isInstanceOf(Showdown.TimeBudgetExceeded.class)
                .hasMessage("Markdown to HTML took longer than 1 ms");
        assertThat(Showdown.makeHtml("*x*", "{}")).isEqualTo("<p><em>x</em></p>");
    }

    @Test
    void badParametersAreNamed() {
        var item = List.of(Item.of(Json.object().put("in", "x")));
        assertThat(error(run(node, 1, "{'html':'={{ $json.nothing }}'}", item)))
                .contains("'html'")
                .contains("item 0");
        assertThat(error(run(node, 1, "{'html':'={{ $json.in }}','options':{'maxConsecutiveNewlines':'many'}}", item)))
                .contains("maxConsecutiveNewlines")
                .contains("'many'");
        assertThatThrownBy(() -> run(node, 1, "{'mode':'other','html':'x'}", item))
                .hasMessageContaining("mode");
    }

    @Test
    void descriptorOffersN8nsOptionsForEachMode() {
        List<String> toHtml = new ArrayList<>();
        List<String> toMarkdown = new ArrayList<>();
        for (PropertySpec p : node.descriptor().properties()) {
            if (p.name().equals("options")) {
                List<String> into = p.showWhen().toString().contains("markdownToHtml") ? toHtml : toMarkdown;
                p.children().forEach(c -> into.add(c.name()));
            }
        }
        assertThat(toMarkdown)
                .containsExactlyInAnyOrder(
                        "bulletMarker",
                        "codeFence",
                        "emDelimiter",
                        "globalEscape",
                        "ignore",
                        "keepDataImages",
                        "lineStartEscape",
                        "maxConsecutiveNewlines",
                        "useLinkReferenceDefinitions",
                        "strongDelimiter",
                        "codeBlockStyle",
                        "textReplace",
                        "blockElements");
        assertThat(toHtml)
                .containsExactlyInAnyOrder(
                        "openLinksInNewWindow",
                        "simplifiedAutoLink",
                        "backslashEscapesHTMLTags",
                        "completeHTMLDocument",
                        "customizedHeaderId",
                        "emoji",
                        "encodeEmails",
                        "excludeTrailingPunctuationFromURLs",
                        "ghCodeBlocks",
                        "ghCompatibleHeaderId",
                        "ghMentionsLink",
                        "ghMentions",
                        "tasklists",
                        "headerLevelStart",
                        "requireSpaceBeforeHeadingText",
                        "literalMidWordAsterisks",
                        "literalMidWordUnderscores",
                        "noHeaderId",
                        "parseImgDimensions",
                        "prefixHeaderId",
                        "rawHeaderId",
                        "rawPrefixHeaderId",
                        "simpleLineBreaks",
                        "smartIndentationFix",
                        "disableForced4SpacesIndentedSublists",
                        "splitAdjacentBlockquotes",
                        "strikethrough",
                        "tablesHeaderId",
                        "tables");
    }
}
