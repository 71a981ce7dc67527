package io.hetumind.nodes.flow;

import static io.hetumind.nodes.NodeTests.error;
import static io.hetumind.nodes.NodeTests.items;
import static io.hetumind.nodes.NodeTests.jsons;
import static io.hetumind.nodes.NodeTests.out;
import static io.hetumind.nodes.NodeTests.runInputs;
import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.model.Item;
import io.hetumind.nodes.flow.merge.MergeNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class MergeNodeTest {

    private final MergeNode node = new MergeNode();
    private final List<List<Item>> inputs = List.of(
            items("[{'id':1,'a':'x'},{'id':2,'a':'y'},{'id':3,'a':'z'}]"),
            items("[{'id':2,'b':'B2'},{'id':3,'b':'B3'},{'id':4,'b':'B4'}]"));

    /** Merge v1's legacy modes, as n8n's MergeV1 node. */
    @Test
    void v1ModesByIndexKeyMultiplexPassThroughAndWait() {
        assertThat(out(runInputs(node, 1, "{'mode':'mergeByIndex','join':'inner'}", inputs), 0))
                .isEqualTo(jsons("[{'id':2,'a':'x','b':'B2'},{'id':3,'a':'y','b':'B3'},{'id':4,'a':'z','b':'B4'}]"));
        assertThat(out(runInputs(node, 1, "{'mode':'multiplex'}", inputs), 0)).hasSize(9);
        assertThat(out(runInputs(node, 1, "{'mode':'passThrough','output':'input2'}", inputs), 0))
                .isEqualTo(out(runInputs(node, 1, "{'mode':'append'}", List.of(List.of(), inputs.get(1))), 0));
        var wait = runInputs(node, 1, "{'mode':'wait'}", inputs);
        assertThat(out(wait, 0)).isEqualTo(jsons("[{}]"));
        assertThat(wait.output("Node", 0).getFirst().pairedItems()).hasSize(3);
        String byKey = "{'mode':'%s','propertyName1':'id','propertyName2':'id'}";
        assertThat(out(runInputs(node, 1, byKey.formatted("keepKeyMatches"), inputs), 0))
                .isEqualTo(jsons("[{'id':2,'a':'y'},{'id':3,'a':'z'}]"));
        assertThat(out(runInputs(node, 1, byKey.formatted("removeKeyMatches"), inputs), 0))
                .isEqualTo(jsons("[{'id':1,'a':'x'}]"));
        assertThat(out(runInputs(node, 1, byKey.formatted("mergeByKey"), inputs), 0))
                .isEqualTo(jsons("[{'id':1,'a':'x'},{'id':2,'a':'y','b':'B2'},{'id':3,'a':'z','b':'B3'}]"));
    }

    /**
     * Keys are compared as JavaScript object keys: a number matches its text, null matches the text "null", a falsy
     * key of input 2 is skipped, and a boolean or array key of input 1 matches nothing (removeKeyMatches keeps it).
     */
    @Test
    void v1KeysCompareAsObjectKeys() {
        var in = List.of(
                items("[{'k':1},{'k':null},{'k':true},{'k':[1]},{'k':0},{}]"),
                items("[{'k':'1','v':'one'},{'k':'null','v':'null'},{'k':'true'},{'k':'1'},{'k':0,'v':'zero'}]"));
        String p = "{'mode':'%s','propertyName1':'k','propertyName2':'k','overwrite':'%s'}";
        String noOverwrite = "{'mode':'%s','propertyName1':'k','propertyName2':'k'}";
        assertThat(out(runInputs(node, 1, noOverwrite.formatted("keepKeyMatches"), in), 0))
                .isEqualTo(jsons("[{'k':1},{'k':null}]"));
        assertThat(out(runInputs(node, 1, noOverwrite.formatted("removeKeyMatches"), in), 0))
                .isEqualTo(jsons("[{'k':true},{'k':[1]},{'k':0},{}]"));
        assertThat(out(runInputs(node, 1, p.formatted("mergeByKey", "always"), in), 0))
                .isEqualTo(jsons("[{'k':1},{'k':null,'v':'null'},{'k':0}]"));
        var blank =
                List.of(items("[{'k':'a','v':'','w':null,'x':1}]"), items("[{'k':'a','v':'V','w':'W','x':2,'y':3}]"));
        assertThat(out(runInputs(node, 1, p.formatted("mergeByKey", "blank"), blank), 0))
                .isEqualTo(jsons("[{'k':'a','v':'V','w':'W','x':1,'y':3}]"));
        assertThat(out(runInputs(node, 1, p.formatted("mergeByKey", "undefined"), blank), 0))
                .isEqualTo(jsons("[{'k':'a','v':'','w':null,'x':1,'y':3}]"));
    }

    @Test
    void append() {
        assertThat(out(runInputs(node, 3, "{'mode':'append'}", inputs), 0)).hasSize(6);
    }

    @Test
    void combineByFieldsKeepMatchesV3() {
        var r = runInputs(node, 3, "{'mode':'combine','fieldsToMatchString':'id'}", inputs);
        assertThat(out(r, 0)).isEqualTo(jsons("[{'id':2,'a':'y','b':'B2'},{'id':3,'a':'z','b':'B3'}]"));
    }

    @Test
    void eachMatchIsItsOwnItemAndFuzzyCompareMatchesEmptyToMissing() {
        var in = List.of(
                items("[{'id':null,'v':'L'},{'id':1,'v':'M'}]"),
                items("[{'id':null,'w':'Rnull'},{'w':'Rmissing'},{'id':'1','w':'R1'},{'id':1,'w':'R1b'}]"));
        String p = "{'mode':'combine','fieldsToMatchString':'id','options':{'fuzzyCompare':%s}}";
        // fuzzy: null matches null and a missing id, 1 matches '1'; each pair gives one output item
        assertThat(out(runInputs(node, 3, p.formatted("true"), in), 0))
                .isEqualTo(jsons("[{'id':null,'v':'L','w':'Rnull'},{'id':null,'v':'L','w':'Rmissing'},"
                        + "{'id':'1','v':'M','w':'R1'},{'id':1,'v':'M','w':'R1b'}]"));
        // strict: null matches null only, 1 only the number
        assertThat(out(runInputs(node, 3, p.formatted("false"), in), 0))
                .isEqualTo(jsons("[{'id':null,'v':'L','w':'Rnull'},{'id':1,'v':'M','w':'R1b'}]"));
    }

    @Test
    void joinModesV2() {
        String p = "{'mode':'combine','mergeByFields':{'values':[{'field1':'id','field2':'id'}]},'joinMode':'%s'%s}";
        assertThat(out(runInputs(node, 2.1, p.formatted("keepNonMatches", ""), inputs), 0))
                .isEqualTo(jsons("[{'_source':'input1','id':1,'a':'x'},{'_source':'input2','id':4,'b':'B4'}]"));
        assertThat(out(runInputs(node, 2.1, p.formatted("keepNonMatches", ",'outputDataFrom':'input2'"), inputs), 0))
                .isEqualTo(jsons("[{'id':4,'b':'B4'}]"));
        assertThat(out(runInputs(node, 2.1, p.formatted("enrichInput1", ""), inputs), 0))
                .isEqualTo(jsons("[{'id':2,'a':'y','b':'B2'},{'id':3,'a':'z','b':'B3'},{'id':1,'a':'x'}]"));
        assertThat(out(runInputs(node, 2.1, p.formatted("keepEverything", ""), inputs), 0))
                .hasSize(4);
        assertThat(out(runInputs(node, 2.1, p.formatted("enrichInput2", ""), inputs), 0))
                .hasSize(3);
    }

    @Test
    void aMatchFieldNoItemHasIsAUserErrorOnlyInVersion2() {
        // n8n checks the fields only when typeVersion < 2.1 (n8n-recorded/Merge/*-by-fields-field-missing-*)
        String p = "{'mode':'combine','mergeByFields':{'values':[{'field1':'nope','field2':'id'}]}}";
        assertThat(error(runInputs(node, 2, p, inputs))).contains("Field 'nope' is not present");
        assertThat(runInputs(node, 2.1, p, inputs).status()).isEqualTo(ExecutionStatus.SUCCESS);
    }

    @Test
    void combineByPositionAndAll() {
        var pos = runInputs(node, 3, "{'mode':'combine','combineBy':'combineByPosition'}", inputs);
        assertThat(out(pos, 0)).hasSize(3);
        assertThat(out(pos, 0).getFirst())
                .isEqualTo(jsons("[{'id':2,'a':'x','b':'B2'}]").getFirst());
        var suffix = runInputs(
                node,
                2,
                "{'mode':'combine','combinationMode':'mergeByPosition',"
                        + "'options':{'clashHandling':{'values':{'resolveClash':'addSuffix'}}}}",
                inputs);
        assertThat(out(suffix, 0).getFirst())
                .isEqualTo(jsons("[{'id_1':1,'a_1':'x','id_2':2,'b_2':'B2'}]").getFirst());
        var all = runInputs(node, 3, "{'mode':'combine','combineBy':'combineAll'}", inputs);
        assertThat(out(all, 0)).hasSize(9);
    }

    /**
     * Merge by position with one input empty: v2 and v2.1 pass the other input's items on unchanged (no suffix,
     * whatever includeUnpaired and clash handling say); v3 gives nothing unless unpaired items are included, and then
     * the present input's items with v3's default suffixes.
     */
    @Test
    void byPositionWithAnEmptyInputFollowsEachVersion() {
        List<Item> none = List.of();
        String[] options = {
            "{}",
            "{'includeUnpaired':true}",
            "{'clashHandling':{'values':{'resolveClash':'addSuffix'}}}",
            "{'clashHandling':{'values':{'resolveClash':'preferInput1'}},'includeUnpaired':true}"
        };
        for (double v : new double[] {2, 2.1}) {
            for (String o : options) {
                String p = "{'mode':'combine','combinationMode':'mergeByPosition','options':" + o + "}";
                assertThat(out(runInputs(node, v, p, List.of(inputs.get(0), none)), 0))
                        .as("v%s %s, input 2 empty", v, o)
                        .isEqualTo(jsons("[{'id':1,'a':'x'},{'id':2,'a':'y'},{'id':3,'a':'z'}]"));
                assertThat(out(runInputs(node, v, p, List.of(none, inputs.get(1))), 0))
                        .as("v%s %s, input 1 empty", v, o)
                        .isEqualTo(jsons("[{'id':2,'b':'B2'},{'id':3,'b':'B3'},{'id':4,'b':'B4'}]"));
                assertThat(out(runInputs(node, v, p, List.of(none, none)), 0))
                        .as("v%s %s, both empty", v, o)
                        .isEmpty();
            }
        }
        for (double v : new double[] {3, 3.1, 3.2}) {
            String p = "{'mode':'combine','combineBy':'combineByPosition','options':%s}";
            assertThat(out(runInputs(node, v, p.formatted("{}"), List.of(inputs.get(0), none)), 0))
                    .as("v%s without unpaired items", v)
                    .isEmpty();
            assertThat(out(
                            runInputs(node, v, p.formatted("{'includeUnpaired':true}"), List.of(none, inputs.get(1))),
                            0))
                    .as("v%s with unpaired items", v)
                    .hasSize(3);
        }
        // both inputs present: v2 still pairs by position
        String p = "{'mode':'combine','combinationMode':'mergeByPosition'}";
        assertThat(out(runInputs(node, 2.1, p, inputs), 0)).hasSize(3);
    }

    @Test
    void chooseBranch() {
        assertThat(out(runInputs(node, 2, "{'mode':'chooseBranch','output':'input2'}", inputs), 0))
                .hasSize(3)
                .first()
                .isEqualTo(jsons("[{'id':2,'b':'B2'}]").getFirst());
        assertThat(out(runInputs(node, 3, "{'mode':'chooseBranch','output':'empty'}", inputs), 0))
                .isEqualTo(jsons("[{}]"));
        assertThat(error(runInputs(node, 3, "{'mode':'chooseBranch','useDataOfInput':5}", inputs)))
                .contains("useDataOfInput");
    }

    @Test
    void deepMergeAndPreferInput1() {
        var in = List.of(items("[{'id':1,'o':{'a':1},'v':'one'}]"), items("[{'id':1,'o':{'b':2},'v':'two'}]"));
        assertThat(out(runInputs(node, 3, "{'mode':'combine','fieldsToMatchString':'id'}", in), 0))
                .isEqualTo(jsons("[{'id':1,'o':{'a':1,'b':2},'v':'two'}]"));
        String prefer1 = "{'mode':'combine','fieldsToMatchString':'id',"
                + "'options':{'clashHandling':{'values':{'resolveClash':'preferInput1','mergeMode':'shallowMerge'}}}}";
        assertThat(out(runInputs(node, 3, prefer1, in), 0)).isEqualTo(jsons("[{'id':1,'o':{'a':1},'v':'one'}]"));
    }

    @Test
    void version2LetsInput2WinWhenEnrichingInput2() {
        var in = List.of(items("[{'id':1,'d':'a','x':1}]"), items("[{'id':1,'d':'c','t':2}]"));
        String p = "{'mode':'combine','mergeByFields':{'values':[{'field1':'id','field2':'id'}]},"
                + "'joinMode':'enrichInput2'}";
        assertThat(out(runInputs(node, 2, p, in), 0)).isEqualTo(jsons("[{'id':1,'d':'c','x':1,'t':2}]"));
        assertThat(out(runInputs(node, 2.1, p, in), 0)).isEqualTo(jsons("[{'id':1,'d':'a','t':2,'x':1}]"));
    }

    @Test
    void keepNonMatchesWithAnEmptyInputOutputsOnlyTheChosenSide() {
        String p = "{'mode':'combine','mergeByFields':{'values':[{'field1':'id','field2':'id'}]},"
                + "'joinMode':'keepNonMatches','outputDataFrom':'%s'}";
        var firstEmpty = List.of(List.<Item>of(), items("[{'id':1},{'id':2}]"));
        assertThat(out(runInputs(node, 2.1, p.formatted("input1"), firstEmpty), 0))
                .isEmpty();
        assertThat(out(runInputs(node, 2.1, p.formatted("input2"), firstEmpty), 0))
                .hasSize(2);
        assertThat(out(runInputs(node, 2.1, p.formatted("both"), firstEmpty), 0))
                .hasSize(2);
        var secondEmpty = List.of(items("[{'id':1}]"), List.<Item>of());
        assertThat(out(runInputs(node, 2.1, p.formatted("input2"), secondEmpty), 0))
                .isEmpty();
        assertThat(out(runInputs(node, 2.1, p.formatted("input1"), secondEmpty), 0))
                .hasSize(1);
    }
}
