package io.hetumind.nodes.flow;

import static io.hetumind.nodes.NodeTests.error;
import static io.hetumind.nodes.NodeTests.items;
import static io.hetumind.nodes.NodeTests.jsons;
import static io.hetumind.nodes.NodeTests.out;
import static io.hetumind.nodes.NodeTests.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.core.model.Node;
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
        assertThat(error(run(node, 3, p, items("[{'o':5}]")))).contains("The output 5 is not allowed");
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
