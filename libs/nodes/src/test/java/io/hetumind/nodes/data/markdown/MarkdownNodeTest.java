package io.hetumind.nodes.data.markdown;

import static io.hetumind.nodes.NodeTests.error;
import static io.hetumind.nodes.NodeTests.out;
import static io.hetumind.nodes.NodeTests.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.core.model.Item;
import io.hetumind.core.spi.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

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
    void htmlToMarkdownCoversCommonElements() {
        String html = "<h2>Title</h2><p>Some <strong>bold</strong>, <em>it</em> and <code>x*y</code> with a"
                + " <a href='https://a.b' title='T'>link</a>.</p><ul><li>one</li><li>two</li></ul>"
                + "<ol start='3'><li>three</li></ol><blockquote><p>quoted</p></blockquote>"
                + "<pre><code class='language-js'>let a = 1;\n</code></pre><img src='i.png' alt='pic'><hr>"
                + "<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2|3</td></tr></table>";
        assertThat(toMd("{}", html))
                .isEqualTo("## Title\n\nSome **bold**, _it_ and `x*y` with a [link](https://a.b \"T\").\n\n"
                        + "* one\n* two\n\n1. three\n\n> quoted\n\n```js\nlet a = 1;\n\n```\n\n![pic](i.png)\n\n---\n\n"
                        + "| a | b    |\n| - | ---- |\n| 1 | 2\\|3 |");
    }

    @Test
    void htmlToMarkdownOptions() {
        String html = "<h1>Example Domain</h1><p>a_b *c*</p><ul><li>x</li></ul><pre>code</pre>";
        assertThat(toMd(
                        "{'bulletMarker':'-','codeBlockStyle':'indented','ignore':'H1',"
                                + "'textReplace':{'values':[{'pattern':'c','replacement':'$&$&'}]}}",
                        html))
                .isEqualTo("a\\_b \\*cc\\*\n\n- x\n\n    code");
        // n8n hands the patterns on as text: String.replace takes them literally and replaces the first only
        assertThat(toMd("{'textReplace':{'values':[{'pattern':'(','replacement':'['}]}}", "<p>f(x) (y)</p>"))
                .isEqualTo("f[x) (y)");
        assertThat(toMd("{'ignore':'h1'}", html)).startsWith("# Example Domain");
        assertThat(toMd("{'maxConsecutiveNewlines':1}", "<p>a</p><p>b</p>")).isEqualTo("a\nb");
    }

    @Test
    void markdownToHtmlLikeShowdown() {
        assertThat(toHtml("{}", "# Example Domain\n\nMore information...\n\n## Example Domain"))
                .isEqualTo("<h1 id=\"exampledomain\">Example Domain</h1>\n<p>More information…</p>\n"
                        + "<h2 id=\"exampledomain-1\">Example Domain</h2>");
        assertThat(toHtml("{'completeHTMLDocument':true,'noHeaderId':true}", "# A"))
                .isEqualTo("<!DOCTYPE HTML>\n<html>\n<head>\n<meta charset=\"utf-8\">\n</head>\n<body>\n<h1>A</h1>\n"
                        + "</body>\n</html>");
        assertThat(toHtml(
                        "{'ghCompatibleHeaderId':true,'prefixHeaderId':'s-','headerLevelStart':2,"
                                + "'openLinksInNewWindow':true}",
                        "# Hello World!\n\n[x](https://x.y)"))
                .isEqualTo("<h2 id=\"s-hello-world\">Hello World!</h2>\n"
                        + "<p><a href=\"https://x.y\" rel=\"noopener noreferrer\" target=\"_blank\">x</a></p>");
        assertThat(toHtml(
                        "{'tables':true,'strikethrough':true,'simpleLineBreaks':true}",
                        "a\nb ~~c~~\n\n| h |\n| - |\n| v |"))
                .contains("a<br />\nb <del>c</del>")
                .contains("<th>h</th>");
    }

    @Test
    void badParametersAreNamed() {
        var item = List.of(Item.of(Json.object().put("in", "x")));
        assertThat(error(run(node, 1, "{'html':'={{ $json.nothing }}'}", item)))
                .contains("'html'")
                .contains("item 0");
    }
}
