package io.hetumind.nodes.data;

import static io.hetumind.nodes.NodeTests.error;
import static io.hetumind.nodes.NodeTests.items;
import static io.hetumind.nodes.NodeTests.jsons;
import static io.hetumind.nodes.NodeTests.out;
import static io.hetumind.nodes.NodeTests.run;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SetNodeTest {

    private final SetNode set = new SetNode();

    @Test
    void v34AssignmentsConvertTypesAndDropOtherFieldsByDefault() {
        var r = run(
                set,
                3.4,
                """
                {'mode':'manual','assignments':{'assignments':[
                  {'id':'1','name':'n','value':'42','type':'number'},
                  {'id':'2','name':'b','value':'true','type':'boolean'},
                  {'id':'3','name':'o.deep','value':'{`x`:1}','type':'object'},
                  {'id':'4','name':'s','value':7,'type':'string'},
                  {'id':'5','name':'arr','value':'[1,2]','type':'array'}]},'options':{}}
                """,
                items("[{'keep':1}]"));
        assertThat(out(r, 0)).isEqualTo(jsons("[{'n':42,'b':true,'o':{'deep':{'x':1}},'s':'7','arr':[1,2]}]"));
    }

    @Test
    void v33IncludesOtherFieldsExceptExcluded() {
        var r = run(
                set,
                3.3,
                """
                {'assignments':{'assignments':[{'name':'c','value':'3','type':'string'}]},
                 'includeOtherFields':true,'include':'except','excludeFields':'b'}
                """,
                items("[{'a':1,'b':2},{'a':5}]"));
        assertThat(out(r, 0)).isEqualTo(jsons("[{'a':1,'c':'3'},{'a':5,'c':'3'}]"));
        assertThat(r.output("Node", 0).get(1).pairedItem().item()).isEqualTo(1);
    }

    @Test
    void selectedFieldsAndDotNotation() {
        var r = run(
                set,
                3.3,
                """
                {'assignments':{'assignments':[{'name':'x.y','value':'v','type':'string'}]},
                 'includeOtherFields':true,'include':'selected','includeFields':'a, b.c'}
                """,
                items("[{'a':1,'b':{'c':2,'d':3},'z':0}]"));
        // n8n reads an included dotted name as a path but keeps the value under its last segment
        assertThat(out(r, 0)).isEqualTo(jsons("[{'a':1,'c':2,'x':{'y':'v'}}]"));
        var literal = run(
                set,
                3.3,
                """
                {'assignments':{'assignments':[]},'includeOtherFields':true,'include':'selected',
                 'includeFields':'b.c','options':{'dotNotation':false}}
                """,
                items("[{'b.c':1,'b':{'c':2}}]"));
        assertThat(out(literal, 0)).isEqualTo(jsons("[{'b.c':1}]"));
        // like lodash's set, a dotted name that is already a key of the item is written as that key
        var existing = run(
                set,
                3.4,
                """
                {'assignments':{'assignments':[{'name':'b.c','value':'2','type':'number'}]},
                 'includeOtherFields':true}
                """,
                items("[{'b.c':1}]"));
        assertThat(out(existing, 0)).isEqualTo(jsons("[{'b.c':2}]"));
        var flat = run(
                set,
                3.3,
                """
                {'assignments':{'assignments':[{'name':'x.y','value':'v','type':'string'}]},
                 'options':{'dotNotation':false}}
                """,
                items("[{}]"));
        assertThat(out(flat, 0)).isEqualTo(jsons("[{'x.y':'v'}]"));
    }

    @Test
    void v3FieldsValuesWithIncludeNone() {
        var r = run(
                set,
                3.2,
                """
                {'fields':{'values':[{'name':'a','stringValue':'x'},{'name':'n','type':'numberValue','numberValue':'1.5'}]},
                 'include':'none','options':{}}
                """,
                items("[{'old':true}]"));
        assertThat(out(r, 0)).isEqualTo(jsons("[{'a':'x','n':1.5}]"));
    }

    @Test
    void badConversionNamesFieldAndItem() {
        var r = run(
                set,
                3.4,
                """
                {'assignments':{'assignments':[{'name':'n','value':'abc','type':'number'}]}}
                """,
                items("[{}]"));
        assertThat(error(r)).contains("'n' expects a number but we got 'abc'").contains("[item 0]");
    }

    @Test
    void nullPassesAsNullFromV32OnWhateverTheType() {
        String params =
                """
                {'assignments':{'assignments':[{'name':'s','value':'={{ $json.v }}','type':'string'},
                  {'name':'n','value':'={{ $json.v }}','type':'number'}]}}
                """;
        assertThat(out(run(set, 3.4, params, items("[{'v':null}]")), 0)).isEqualTo(jsons("[{'s':null,'n':null}]"));
        String values =
                """
                {'fields':{'values':[{'name':'s','stringValue':'={{ $json.v }}'},
                  {'name':'n','type':'numberValue','numberValue':'={{ $json.v }}'}]},'include':'none'}
                """;
        assertThat(out(run(set, 3.2, values, items("[{}]")), 0)).isEqualTo(jsons("[{'s':null,'n':null}]"));
        // v3.1 refuses a null string (v3.0 would write the text "null")
        assertThat(error(run(set, 3.1, values, items("[{'v':null}]"))))
                .contains("'s' expects a string but we got 'null' [item 0]");
    }

    @Test
    void ignoreConversionErrorsKeepsValue() {
        var r = run(
                set,
                3.4,
                """
                {'assignments':{'assignments':[{'name':'n','value':'abc','type':'number'}]},
                 'options':{'ignoreConversionErrors':true}}
                """,
                items("[{}]"));
        assertThat(out(r, 0)).isEqualTo(jsons("[{'n':'abc'}]"));
    }

    @Test
    void rawModeParsesJsonOutput() {
        var r = run(
                set,
                3.4,
                """
                {'mode':'raw','jsonOutput':'{`a`: {`b`: 1}}','includeOtherFields':true}
                """,
                items("[{'z':1}]"));
        assertThat(out(r, 0)).isEqualTo(jsons("[{'z':1,'a':{'b':1}}]"));
    }

    @Test
    void rawModeWithBadJsonFails() {
        var r = run(set, 3.4, "{'mode':'raw','jsonOutput':'{nope'}", items("[{}]"));
        assertThat(error(r)).contains("'JSON Output' in item 0");
    }

    @Test
    void v1ValuesKeepInputAndUseDotNotation() {
        var r = run(
                set,
                1,
                """
                {'values':{'string':[{'name':'a.b','value':'s'}],'number':[{'name':'n','value':3}],
                 'boolean':[{'name':'t','value':true}]}}
                """,
                items("[{'x':1}]"));
        assertThat(out(r, 0)).isEqualTo(jsons("[{'x':1,'t':true,'n':3,'a':{'b':'s'}}]"));
    }

    @Test
    void v2KeepOnlySetConvertsNumericStrings() {
        var r = run(set, 2, "{'keepOnlySet':true,'values':{'number':[{'name':'n','value':'12'}]}}", items("[{'x':1}]"));
        assertThat(out(r, 0)).isEqualTo(jsons("[{'n':12}]"));
        var v1 =
                run(set, 1, "{'keepOnlySet':true,'values':{'number':[{'name':'n','value':'12'}]}}", items("[{'x':1}]"));
        assertThat(out(v1, 0)).isEqualTo(jsons("[{'n':'12'}]"));
    }

    @Test
    void inputIsNotMutated() {
        var input = items("[{'a':{'b':1}}]");
        run(set, 1, "{'values':{'number':[{'name':'a.b','value':2}]}}", input);
        assertThat(input.getFirst().json().get("a").get("b").asInt()).isEqualTo(1);
    }

    @Test
    void duplicateItemRepeatsEachOutputItemInManualRunsOnly() {
        var node = io.hetumind.core.model.Node.of(
                "Node",
                set.descriptor().type(),
                3.4,
                io.hetumind.nodes.NodeTests.json(
                        """
                        {'duplicateItem':true,'duplicateCount':2,'mode':'manual','includeOtherFields':true,
                         'assignments':{'assignments':[{'name':'b','value':'={{ $json.a * 10 }}','type':'number'}]}}
                        """));
        var harness = new io.hetumind.nodes.testing.NodeHarness(set, io.hetumind.nodes.NodeTests.expressions());
        var manual = harness.mode("manual").run(node, java.util.List.of(items("[{'a':1},{'a':2}]")));
        assertThat(out(manual, 0))
                .isEqualTo(jsons("[{'a':1,'b':10},{'a':1,'b':10},{'a':1,'b':10},{'a':2,'b':20},{'a':2,'b':20},"
                        + "{'a':2,'b':20}]"));
        // every copy is paired with the item it was made from
        assertThat(manual.output("Node", 0).stream()
                        .map(i -> i.pairedItem().item())
                        .toList())
                .containsExactly(0, 0, 0, 1, 1, 1);
        // n8n ignores the setting when the workflow runs by itself: the CLI, a webhook, a schedule
        for (String mode : new String[] {"cli", "webhook", "trigger", "test"}) {
            assertThat(out(harness.mode(mode).run(node, java.util.List.of(items("[{'a':1},{'a':2}]"))), 0))
                    .as(mode)
                    .isEqualTo(jsons("[{'a':1,'b':10},{'a':2,'b':20}]"));
        }
        // a count left out (n8n's default 0) keeps one item; version 2 has no such setting
        var once = node.withParameters(io.hetumind.nodes.NodeTests.json(
                "{'duplicateItem':true,'mode':'raw'," + "'jsonOutput':'{\\\"x\\\":1}'}"));
        assertThat(out(harness.mode("manual").run(once, java.util.List.of(items("[{'a':1}]"))), 0))
                .isEqualTo(jsons("[{'x':1}]"));
    }
}
