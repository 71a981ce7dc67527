package io.hetumind.nodes.data.summarize;

import static io.hetumind.nodes.NodeTests.error;
import static io.hetumind.nodes.NodeTests.items;
import static io.hetumind.nodes.NodeTests.jsons;
import static io.hetumind.nodes.NodeTests.out;
import static io.hetumind.nodes.NodeTests.run;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SummarizeNodeTest {

    private final SummarizeNode node = new SummarizeNode();
    private final String data =
            """
            [{'c':'red','v':1,'t':'a'},{'c':'blue','v':2,'t':'b'},{'c':'red','v':4,'t':''},
             {'c':'red','v':'x','t':'a'},{'c':'blue','v':6}]
            """;

    @Test
    void everyAggregationSplitByField() {
        var r = run(
                node,
                1.1,
                """
                {'fieldsToSummarize':{'values':[
                  {'aggregation':'count','field':'t'},{'aggregation':'countUnique','field':'t'},
                  {'aggregation':'sum','field':'v'},{'aggregation':'average','field':'v'},
                  {'aggregation':'min','field':'v'},{'aggregation':'max','field':'v'},
                  {'aggregation':'concatenate','field':'t','separateBy':'other','customSeparator':'|'},
                  {'aggregation':'append','field':'t','includeEmpty':true}]},
                 'fieldsToSplitBy':'c'}
                """,
                items(data));
        assertThat(out(r, 0))
                .isEqualTo(
                        jsons(
                                """
                        [{'c':'red','count_t':2,'unique_count_t':1,'sum_v':5,'average_v':2.5,'min_v':1,'max_v':4,
                          'concatenated_t':'a|a','appended_t':['a','','a']},
                         {'c':'blue','count_t':1,'unique_count_t':1,'sum_v':8,'average_v':4,'min_v':2,'max_v':6,
                          'concatenated_t':'b','appended_t':['b',null]}]
                        """));
    }

    @Test
    void singleItemOutputNestsSplits() {
        var r = run(
                node,
                1.1,
                "{'fieldsToSummarize':{'values':[{'field':'v'}]},'fieldsToSplitBy':'c, t',"
                        + "'options':{'outputFormat':'singleItem'}}",
                items(data));
        assertThat(out(r, 0))
                .isEqualTo(
                        jsons(
                                """
                        [{'red':{'a':{'count_v':2},'':{'count_v':1}},
                          'blue':{'b':{'count_v':1},'undefined':{'count_v':1}}}]
                        """));
    }

    @Test
    void skipEmptySplitFieldsAndTypedKeys() {
        var in = items("[{'g':0,'x':1},{'g':null,'x':2},{'x':3},{'g':'','x':4},{'g':0,'x':5}]");
        String params = "{'fieldsToSummarize':{'values':[{'aggregation':'sum','field':'x'}]},'fieldsToSplitBy':'g'";
        assertThat(out(run(node, 1.1, params + ",'options':{'skipEmptySplitFields':true}}", in), 0))
                .isEqualTo(jsons("[{'g':0,'sum_x':6}]"));
        assertThat(out(run(node, 1, params + "}", in), 0))
                .isEqualTo(jsons(
                        "[{'g':'0','sum_x':6},{'g':'null','sum_x':2},{'g':'undefined','sum_x':3},{'g':'','sum_x':4}]"));
    }

    @Test
    void dotNotationCanBeDisabled() {
        var in = items("[{'a.b':1,'a':{'b':2}},{'a':{'b':3}}]");
        String params = "{'fieldsToSummarize':{'values':[{'aggregation':'append','field':'a.b'}]}";
        assertThat(out(run(node, 1.1, params + "}", in), 0)).isEqualTo(jsons("[{'appended_a_b':[1,3]}]"));
        assertThat(out(run(node, 1.1, params + ",'options':{'disableDotNotation':true}}", in), 0))
                .isEqualTo(jsons("[{'appended_a_b':[1]}]"));
    }

    @Test
    void missingFieldFailsInV1UnlessContinuing() {
        String params = "{'fieldsToSummarize':{'values':[{'aggregation':'sum','field':'nope'}]}";
        assertThat(error(run(node, 1, params + "}", items(data))))
                .contains("The field 'nope' does not exist in any items")
                .contains("fieldsToSummarize");
        assertThat(out(run(node, 1, params + ",'options':{'continueIfFieldNotFound':true}}", items(data)), 0))
                .isEqualTo(jsons("[{'sum_nope':0}]"));
        assertThat(out(run(node, 1.1, params + "}", items(data)), 0)).isEqualTo(jsons("[{'sum_nope':0}]"));
    }

    @Test
    void badParametersAreNamed() {
        assertThat(error(run(node, 1.1, "{'fieldsToSummarize':{'values':[{'field':''}]}}", items(data))))
                .contains("fieldsToSummarize")
                .contains("at least one aggregation");
        assertThat(error(run(
                        node,
                        1.1,
                        "{'fieldsToSummarize':{'values':[{'aggregation':'median','field':'v'}]}}",
                        items(data))))
                .contains("fieldsToSummarize.values[0].aggregation")
                .contains("median");
        assertThat(error(run(
                        node,
                        1.1,
                        "{'fieldsToSummarize':{'values':[{'field':'v'}]},'options':{'outputFormat':'={{ `x` + `ml` }}'}}",
                        items(data))))
                .contains("options.outputFormat");
    }
}
