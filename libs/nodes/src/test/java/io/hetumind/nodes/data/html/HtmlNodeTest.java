package io.hetumind.nodes.data.html;

import static io.hetumind.nodes.NodeTests.error;
import static io.hetumind.nodes.NodeTests.items;
import static io.hetumind.nodes.NodeTests.json;
import static io.hetumind.nodes.NodeTests.out;
import static io.hetumind.nodes.NodeTests.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class HtmlNodeTest {

    /** The document n8n's extractHtmlContent fixture feeds in (what its Code node returns). */
    static final String PAGE = "<html>\n<head>\n\t<title>My Page</title>\t\n</head>\n<body>\n\t<h1>My Page</h1>\n"
            + "\t<p>Hello World</p>\n\t<div class=\"content\">\n\t\t<p>Another paragraph\n</p>\n"
            + "\t\t<p>Yet \r\n\r\n\t\t\t\t\t\tanother paragraph\n</p>\n\t\t<p>Andone more\n</p>\n\t</div>\n"
            + "\t<img src=\"https://n8n.io/n8n-logo.png\" alt=\"n8n.io logo\" />\n"
            + "\t<a href=\"https://n8n.io\">n8n.io</a>\n    <input id=\"text-id\" type=\"text\" value=\"n8n\" />\n"
            + "</body>\n</html>";

    private final HtmlNode html = new HtmlNode();
    private final HtmlExtractNode legacy = new HtmlExtractNode();

    private JsonNode extract(double version, String row, String options) {
        String params = "{'operation':'extractHtmlContent','extractionValues':{'values':[" + row + "]},'options':"
                + options + "}";
        return out(run(html, version, params, List.of(Item.of(Json.object().put("data", PAGE)))), 0)
                .getFirst()
                .path("data");
    }

    @Test
    void textFollowsHtmlToTextAsInN8nFixture() {
        String all = "MY PAGE\n\nHello World\n\nAnother paragraph\n\nYet another paragraph\n\nAndone more\n\n"
                + "n8n.io logo [https://n8n.io/n8n-logo.png] n8n.io [https://n8n.io]";
        assertThat(extract(1.2, "{'key':'data','cssSelector':'html'}", "{'trimValues':true}")
                        .asText())
                .isEqualTo(all);
        assertThat(extract(1.2, "{'key':'data','cssSelector':'html'}", "{'cleanUpText':true}")
                        .asText())
                .isEqualTo("MY PAGEHello WorldAnother paragraphYet another paragraphAndone moren8n.io logo"
                        + " [https://n8n.io/n8n-logo.png] n8n.io [https://n8n.io]");
        assertThat(extract(1.2, "{'key':'data','cssSelector':'html','skipSelectors':'img, a'}", "{}")
                        .asText())
                .isEqualTo("MY PAGE\n\nHello World\n\nAnother paragraph\n\nYet another paragraph\n\nAndone more");
        assertThat(extract(1.2, "{'key':'data','cssSelector':'p','returnArray':true}", "{}"))
                .isEqualTo(Json.parse(
                        "[\"Hello World\",\"Another paragraph\",\"Yet another paragraph\",\"Andone more\"]"));
    }

    @Test
    void attributeHtmlAndValue() {
        assertThat(extract(1.2, "{'key':'data','cssSelector':'div','returnValue':'attribute'}", "{}"))
                .isEqualTo(json("{'class':'content'}"));
        assertThat(extract(1.2, "{'key':'data','cssSelector':'img','returnValue':'attribute','attribute':'alt'}", "{}")
                        .asText())
                .isEqualTo("n8n.io logo");
        assertThat(extract(1.2, "{'key':'data','cssSelector':'body','returnValue':'html'}", "{}")
                        .asText())
                .startsWith("\n\t<h1>My Page</h1>\n\t<p>Hello World</p>")
                .contains("<p>Yet \n\n\t\t\t\t\t\tanother paragraph\n</p>")
                .contains("<img src=\"https://n8n.io/n8n-logo.png\" alt=\"n8n.io logo\">")
                .endsWith("<input id=\"text-id\" type=\"text\" value=\"n8n\">\n\n");
        assertThat(extract(1.2, "{'key':'data','cssSelector':'#text-id','returnValue':'value'}", "{}")
                        .asText())
                .isEqualTo("n8n");
        assertThat(extract(1.2, "{'key':'data','cssSelector':'#missing','returnValue':'html'}", "{}")
                        .isMissingNode())
                .isTrue();
    }

    @Test
    void olderVersionsAndTheLegacyNodeUseRawText() {
        assertThat(extract(1, "{'key':'data','cssSelector':'h1, a'}", "{}").asText())
                .isEqualTo("My Pagen8n.io");
        var r = run(
                legacy,
                1,
                "{'extractionValues':{'values':[{'key':'t','cssSelector':'h1'}]}}",
                List.of(Item.of(Json.object().put("data", PAGE))));
        assertThat(out(r, 0).getFirst().path("t").asText()).isEqualTo("My Page");
    }

    @Test
    void generatesTemplatesPerItem() {
        var r = run(html, 1.2, "{'html':'<p>{{ $json.name }}</p>'}", items("[{'name':'a'},{'name':'b'}]"));
        assertThat(out(r, 0)).extracting(j -> j.path("html").asText()).containsExactly("<p>a</p>", "<p>b</p>");
    }

    @Test
    void convertsItemsToATable() {
        var r = run(
                html,
                1.2,
                "{'operation':'convertToHtmlTable','options':{'capitalize':true,'customStyling':true,"
                        + "'caption':'C','rowAttributes':'class=\\'r\\''}}",
                items("[{'first_name':'a','ok':true},{'n':1}]"));
        assertThat(out(r, 0).getFirst().path("table").asText())
                .isEqualTo("<table  ><caption>C</caption><thead  ><tr><th>First Name</th><th>Ok</th><th>N</th></tr>"
                        + "</thead><tbody><tr  class=\"r\"><td  >a</td><td  ><input type=\"checkbox\" checked=\"checked\"/>"
                        + "</td><td  >undefined</td></tr><tr  class=\"r\"><td  >undefined</td><td  >undefined</td>"
                        + "<td  >1</td></tr></tbody></table>");
        var styled = run(html, 1.2, "{'operation':'convertToHtmlTable'}", items("[{'a':1}]"));
        assertThat(out(styled, 0).getFirst().path("table").asText()).startsWith("<table style='border-spacing:0;");
    }

    @Test
    void badParametersNameTheParameterAndItem() {
        String params =
                "{'operation':'extractHtmlContent','extractionValues':{'values':[{'key':'k','cssSelector':'p'}]}}";
        assertThat(error(run(html, 1.2, params, items("[{'data':'<p>x</p>'},{'other':1}]"))))
                .isEqualTo("No property named \"data\" exists!");
        assertThat(error(run(html, 1.2, params.replace("'p'", "'p[[['"), items("[{'data':'<p>x</p>'}]"))))
                .contains("extractionValues.values[0].cssSelector");
        assertThat(error(run(html, 1.2, "{'operation':'extractHtmlContent'}", items("[{'data':'<p>x</p>'}]"))))
                .contains("extractionValues");
    }
}
