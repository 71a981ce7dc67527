package io.hetumind.nodes.data.xml;

import static io.hetumind.nodes.NodeTests.error;
import static io.hetumind.nodes.NodeTests.items;
import static io.hetumind.nodes.NodeTests.jsons;
import static io.hetumind.nodes.NodeTests.out;
import static io.hetumind.nodes.NodeTests.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class XmlNodeTest {

    private final XmlNode node = new XmlNode();

    private JsonNode parse(String xml, String options) {
        var json = Json.object().put("data", xml);
        return out(run(node, 1, "{'options':" + options + "}", List.of(Item.of(json))), 0)
                .getFirst();
    }

    private String build(String input, String options) {
        return out(run(node, 1, "{'mode':'jsonToxml','options':" + options + "}", items(input)), 0)
                .getFirst()
                .path("data")
                .asText();
    }

    @Test
    void jsonToXmlUsesTheSingleKeyAsRootAndPrettyPrints() {
        assertThat(build("[{'a':{'b':{'c':1},'d':[1,2],'e':null}}]", "{}"))
                .isEqualTo(
                        """
                        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                        <a>
                          <b>
                            <c>1</c>
                          </b>
                          <d>1</d>
                          <d>2</d>
                          <e/>
                        </a>""");
        assertThat(build("[{'x':1,'y':{'$':{'id':'7'},'_':'a<b'}}]", "{'headless':true,'rootName':'doc'}"))
                .isEqualTo("<doc>\n  <x>1</x>\n  <y id=\"7\">a&lt;b</y>\n</doc>");
        assertThat(build("[{'t':'a & b'}]", "{'headless':true,'cdata':true}")).isEqualTo("<t><![CDATA[a & b]]></t>");
    }

    @Test
    void xmlToJsonFollowsXml2jsDefaults() {
        assertThat(parse("<a id='1'><b>x</b><b>y</b><c/><d k='v'>t</d></a>", "{}"))
                .isEqualTo(jsons("[{'a':{'id':'1','b':['x','y'],'c':'','d':{'k':'v','_':'t'}}}]")
                        .getFirst());
        assertThat(parse("<a id='1'><b>x</b></a>", "{'mergeAttrs':false,'explicitArray':true,'explicitRoot':false}"))
                .isEqualTo(jsons("[{'$':{'id':'1'},'b':['x']}]").getFirst());
        assertThat(parse("<A><B>  hello   world  </B></A>", "{'normalizeTags':true,'normalize':true}"))
                .isEqualTo(jsons("[{'a':{'b':'hello world'}}]").getFirst());
    }

    @Test
    void roundTripKeepsStructureWithTextValues() {
        String xml = build("[{'a':{'b':{'c':1}}}]", "{}");
        assertThat(parse(xml, "{}")).isEqualTo(jsons("[{'a':{'b':{'c':'1'}}}]").getFirst());
    }

    @Test
    void badInputsNameTheProblemAndItem() {
        assertThat(error(run(node, 1, "{}", items("[{'data':'<a>ok</a>'},{'other':1}]"))))
                .isEqualTo("Item has no JSON property called \"data\"");
        assertThat(error(run(node, 1, "{}", items("[{'data':'<a><b></a>'}]"))))
                .contains("not valid XML")
                .contains("item 0");
        assertThat(error(run(node, 1, "{'mode':'jsonToxml'}", items("[{'bad key':1,'b':2}]"))))
                .contains("Invalid character in name");
        assertThat(error(run(
                        node,
                        1,
                        "{}",
                        items("[{'data':'<!DOCTYPE x [<!ENTITY e SYSTEM \\\"file:///etc/passwd\\\">]><x>&e;</x>'}]"))))
                .contains("not valid XML");
    }
}
