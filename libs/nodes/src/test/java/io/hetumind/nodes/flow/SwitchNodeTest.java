package io.hetumind.nodes.flow;

import static io.hetumind.nodes.NodeTests.error;
import static io.hetumind.nodes.NodeTests.items;
import static io.hetumind.nodes.NodeTests.jsons;
import static io.hetumind.nodes.NodeTests.out;
import static io.hetumind.nodes.NodeTests.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.Node;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.PortSpec;
import io.hetumind.nodes.NodeTests;
import org.junit.jupiter.api.Test;

class SwitchNodeTest {

    private final SwitchNode node = new SwitchNode();

    private static final String V3 =
            """
            {'rules':{'values':[
              {'conditions':{'conditions':[{'leftValue':'={{ $json.t }}','rightValue':'a',
                 'operator':{'type':'string','operation':'equals'}}],'combinator':'and'},
               'renameOutput':true,'outputKey':'A'},
              {'conditions':{'conditions':[{'leftValue':'={{ $json.n }}','rightValue':1,
                 'operator':{'type':'number','operation':'gte'}}],'combinator':'and'}}]},
             'options':{%s}}
            """;

    @Test
    void v3RulesFirstMatchAndFallbackExtra() {
        var r = run(
                node,
                3,
                V3.formatted("'fallbackOutput':'extra'"),
                items("[{'t':'a','n':5},{'t':'b','n':2},{'t':'c','n':0}]"));
        assertThat(out(r, 0)).isEqualTo(jsons("[{'t':'a','n':5}]"));
        assertThat(out(r, 1)).isEqualTo(jsons("[{'t':'b','n':2}]"));
        assertThat(out(r, 2)).isEqualTo(jsons("[{'t':'c','n':0}]"));
    }

    @Test
    void v3AllMatchingOutputs() {
        var r = run(node, 3.2, V3.formatted("'allMatchingOutputs':true"), items("[{'t':'a','n':5}]"));
        assertThat(out(r, 0)).hasSize(1);
        assertThat(out(r, 1)).hasSize(1);
    }

    /** Switch 3.4 writes filter version 3 into new rules: a blank value is null, routed by "is empty", not as 0. */
    @Test
    void v3_4RulesReadBlankNumbersAsNull() {
        String rules =
                """
                {'rules':{'values':[
                  {'conditions':{'options':{'typeValidation':'strict','version':%s},'conditions':[{'leftValue':'={{ $json.n }}',
                     'rightValue':0,'operator':{'type':'number','operation':'equals'}}],'combinator':'and'}},
                  {'conditions':{'options':{'typeValidation':'strict','version':%s},'conditions':[{'leftValue':'={{ $json.n }}',
                     'operator':{'type':'number','operation':'empty','singleValue':true}}],'combinator':'and'}}]},
                 'options':{}}
                """;
        var r = run(node, 3.4, rules.formatted(3, 3), items("[{'n':''},{'n':0},{'n':[]}]"));
        assertThat(out(r, 0)).isEqualTo(jsons("[{'n':0}]"));
        assertThat(out(r, 1)).isEqualTo(jsons("[{'n':''},{'n':[]}]"));
        assertThat(error(run(node, 3.3, rules.formatted(2, 2), items("[{'n':''}]"))))
                .isEqualTo("Wrong type: '' is a string but was expecting a number [condition 0, item 0]");
        var d = node.descriptor();
        assertThat(d.propertyAt("rules.values.conditions.options.version", 3.4)
                        .defaultValue()
                        .asInt())
                .isEqualTo(3);
        assertThat(d.propertyAt("rules.values.conditions.options.version", 3.3)
                        .defaultValue()
                        .asInt())
                .isEqualTo(2);
    }

    @Test
    void outputsDeriveFromParameters() {
        Node n = Node.of("S", "hetumind.switch", 3, NodeTests.json(V3.formatted("'fallbackOutput':'extra'")));
        assertThat(node.outputs(n)).extracting(p -> p.displayName()).containsExactly("A", "1", "Fallback");
        Node expr = Node.of("S", "hetumind.switch", 3, NodeTests.json("{'mode':'expression','numberOutputs':2}"));
        assertThat(node.outputs(expr)).hasSize(2);
    }

    @Test
    void expressionModeAndOutOfRange() {
        String p = "{'mode':'expression','numberOutputs':2,'output':'={{ $json.o }}'}";
        var r = run(node, 3, p, items("[{'o':1},{'o':0}]"));
        assertThat(out(r, 1)).isEqualTo(jsons("[{'o':1}]"));
        assertThat(error(run(node, 3, p, items("[{'o':5}]")))).contains("The ouput 5 is not allowed");
    }

    @Test
    void aValue1LeftOutIsN8nsDefaultOfTheDataType() {
        // n8n exports leave Value 1 out at its default: false, 0 or '' as the data type says
        String bool = "{'dataType':'boolean','rules':{'rules':[{'operation':'equal','value2':true,'output':1},"
                + "{'operation':'equal','value2':false,'output':2}]},'fallbackOutput':3}";
        assertThat(out(run(node, 1, bool, items("[{}]")), 2)).hasSize(1);
        String number = "{'rules':{'rules':[{'operation':'larger','value2':0,'output':0},"
                + "{'operation':'equal','value2':0,'output':1}]},'fallbackOutput':-1}";
        assertThat(out(run(node, 2, number, items("[{}]")), 1))
                .as("v2: the second rule's own position")
                .hasSize(1);
        String text =
                "{'dataType':'string','rules':{'rules':[{'operation':'equal','value2':'','output':0}]},'fallbackOutput':3}";
        assertThat(out(run(node, 1, text, items("[{}]")), 0)).hasSize(1);
    }

    @Test
    void v1RulesWithFallback() {
        String p =
                """
                {'dataType':'string','value1':'={{ $json.s }}','rules':{'rules':[
                  {'operation':'startsWith','value2':'x','output':0},{'operation':'contains','value2':'y','output':2}]},
                 'fallbackOutput':3}
                """;
        var r = run(node, 1, p, items("[{'s':'xa'},{'s':'ay'},{'s':'zz'}]"));
        assertThat(out(r, 0)).hasSize(1);
        assertThat(out(r, 2)).hasSize(1);
        assertThat(out(r, 3)).isEqualTo(jsons("[{'s':'zz'}]"));
    }

    /**
     * SwitchV2.node.ts (n8n 2.8.1): one output per rule, labelled by its outputKey; a matching rule sends the item to
     * the rule's own position whatever its "output" says, once that index is checked against the outputs there are;
     * the fallback index is checked the same way. v1 sends the item to the rule's "output" among its four outputs.
     */
    @Test
    void v2RoutesToTheRulesPositionAndV1ToItsOutputIndex() {
        String p =
                """
                {'dataType':'number','value1':'={{ $json.n }}','rules':{'rules':[
                  {'operation':'larger','value2':10,'output':1,'outputKey':'big'},
                  {'operation':'smaller','value2':0,'output':0},
                  {'operation':'equal','value2':5,'output':1}]},
                 'fallbackOutput':%s}
                """;
        var in = items("[{'n':20},{'n':-1},{'n':5},{'n':7}]");
        var v2 = run(node, 2, p.formatted("1"), in);
        ObjectNode params = (ObjectNode) Json.parse(p.formatted("1").replace('\'', '"'));
        assertThat(new SwitchNode().descriptor().outputs(Node.of("S", "hetumind.switch", 2, params)))
                .extracting(PortSpec::displayName)
                .containsExactly("big", "1", "2");
        assertThat(out(v2, 0)).isEqualTo(jsons("[{'n':20}]"));
        assertThat(out(v2, 1)).isEqualTo(jsons("[{'n':-1},{'n':7}]"));
        assertThat(out(v2, 2)).isEqualTo(jsons("[{'n':5}]"));
        var v1 = run(node, 1, p.formatted("3").replace(",'outputKey':'big'", ""), in); // v1 rules have no outputKey
        assertThat(out(v1, 1)).isEqualTo(jsons("[{'n':20},{'n':5}]"));
        assertThat(out(v1, 0)).isEqualTo(jsons("[{'n':-1}]"));
        assertThat(out(v1, 3)).isEqualTo(jsons("[{'n':7}]"));
        // v2: a rule naming an output past the last, or such a fallback, is an error when it is used
        assertThat(error(run(node, 2, p.formatted("-1").replace("'output':0", "'output':3"), in)))
                .isEqualTo("The ouput 3 is not allowed. It has to be between 0 and 2!");
        assertThat(error(run(node, 2, p.formatted("3"), in)))
                .isEqualTo("The ouput 3 is not allowed. It has to be between 0 and 2!");
    }

    @Test
    void v1AndV2StartsWithCallsTheStringMethodOnValue1AsN8nDoes() {
        // n8n runs value1.startsWith(value2) on the value as it is: null or a number is a JavaScript TypeError
        String p =
                """
                {'dataType':'string','value1':'={{ $json.s }}','rules':{'rules':[
                  {'operation':'startsWith','value2':'x','output':0}]},'fallbackOutput':-1}
                """;
        assertThat(error(run(node, 2, p, items("[{'s':'xa'},{'s':null}]"))))
                .isEqualTo("Cannot read properties of null (reading 'startsWith')");
        assertThat(error(run(node, 1, p.replace("startsWith", "endsWith"), items("[{'s':5}]"))))
                .isEqualTo("value1.endsWith is not a function");
        // contains reads (value1 || '') and so lets null through
        assertThat(out(run(node, 2, p.replace("startsWith", "contains"), items("[{'s':null}]")), 0))
                .isEmpty();
    }
}
