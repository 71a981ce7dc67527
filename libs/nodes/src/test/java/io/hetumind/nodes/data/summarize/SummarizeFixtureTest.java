package io.hetumind.nodes.data.summarize;

import static io.hetumind.nodes.NodeTests.items;
import static io.hetumind.nodes.NodeTests.jsons;
import static io.hetumind.nodes.NodeTests.out;
import static io.hetumind.nodes.NodeTests.run;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * n8n's Summarize fixtures (Summarize/workflow.summarize*.json) feed data through Code nodes, which the
 * conformance run cannot execute on this branch; these tests replay them with the Code nodes' output.
 */
class SummarizeFixtureTest {

    private static final String DATA =
            """
            [{'category':'red','text':'foo','char':'a','value':1,'params.interval':'1 day','params':{'interval':'1 day'}},
             {'category':'blue','text':'spam','char':'b','value':2,'params':{'interval':'1 hour'}},
             {'category':'green','text':'bar','char':'c','value':3},
             {'category':'red','text':'foo','char':'a','value':4},
             {'category':'red','text':'bar','char':'a','value':5,'params':{'interval':'1 minute'}},
             {'category':'blue','text':'foo','char':'a','value':6},
             {'category':'blue','text':'foo','char':'a','value':7,'params':{'interval':'1 second'}}]
            """;
    private static final String CHAR_AGGREGATIONS =
            """
            {'fieldsToSummarize':{'values':[{'aggregation':'append','field':'char'},{'field':'char'},
              {'aggregation':'countUnique','field':'char'},{'aggregation':'concatenate','field':'char','separateBy':', '}]},
             'fieldsToSplitBy':'category, text'
            """;

    private final SummarizeNode node = new SummarizeNode();

    @Test
    void summarize1SeparateItems() {
        assertThat(out(run(node, 1, CHAR_AGGREGATIONS + ",'options':{}}", items(DATA)), 0))
                .isEqualTo(
                        jsons(
                                """
                        [{'category':'red','text':'foo','appended_char':['a','a'],'count_char':2,'unique_count_char':1,'concatenated_char':'a, a'},
                         {'category':'red','text':'bar','appended_char':['a'],'count_char':1,'unique_count_char':1,'concatenated_char':'a'},
                         {'category':'blue','text':'spam','appended_char':['b'],'count_char':1,'unique_count_char':1,'concatenated_char':'b'},
                         {'category':'blue','text':'foo','appended_char':['a','a'],'count_char':2,'unique_count_char':1,'concatenated_char':'a, a'},
                         {'category':'green','text':'bar','appended_char':['c'],'count_char':1,'unique_count_char':1,'concatenated_char':'c'}]
                        """));
    }

    @Test
    void summarize2SingleItem() {
        assertThat(out(run(node, 1, CHAR_AGGREGATIONS + ",'options':{'outputFormat':'singleItem'}}", items(DATA)), 0))
                .isEqualTo(
                        jsons(
                                """
                        [{'red':{'foo':{'appended_char':['a','a'],'count_char':2,'unique_count_char':1,'concatenated_char':'a, a'},
                                 'bar':{'appended_char':['a'],'count_char':1,'unique_count_char':1,'concatenated_char':'a'}},
                          'blue':{'spam':{'appended_char':['b'],'count_char':1,'unique_count_char':1,'concatenated_char':'b'},
                                  'foo':{'appended_char':['a','a'],'count_char':2,'unique_count_char':1,'concatenated_char':'a, a'}},
                          'green':{'bar':{'appended_char':['c'],'count_char':1,'unique_count_char':1,'concatenated_char':'c'}}}]
                        """));
    }

    @Test
    void summarize3NumbersAndDotNotation() {
        String params =
                """
                {'fieldsToSummarize':{'values':[{'aggregation':'average','field':'value'},{'aggregation':'max','field':'value'},
                  {'aggregation':'min','field':'value'},{'aggregation':'max','field':'value'},
                  {'aggregation':'sum','field':'value'},{'aggregation':'append','field':'value'}]},'fieldsToSplitBy':'category'}
                """;
        assertThat(out(run(node, 1, params, items(DATA)), 0))
                .isEqualTo(
                        jsons(
                                """
                        [{'category':'red','average_value':3.3333333333333335,'max_value':5,'min_value':1,'sum_value':10,'appended_value':[1,4,5]},
                         {'category':'blue','average_value':5,'max_value':7,'min_value':2,'sum_value':15,'appended_value':[2,6,7]},
                         {'category':'green','average_value':3,'max_value':3,'min_value':3,'sum_value':3,'appended_value':[3]}]
                        """));
        String dot = "{'fieldsToSummarize':{'values':[{'aggregation':'append','field':'params.interval'}]}";
        assertThat(out(run(node, 1.1, dot + "}", items(DATA)), 0))
                .isEqualTo(jsons("[{'appended_params_interval':['1 day','1 hour','1 minute','1 second']}]"));
        assertThat(out(run(node, 1.1, dot + ",'options':{'disableDotNotation':true}}", items(DATA)), 0))
                .isEqualTo(jsons("[{'appended_params_interval':['1 day']}]"));
    }

    @Test
    void splitKeyTypesPerVersion() {
        String in = "[{'e':'a','Group':0},{'e':'b','Group':1},{'e':'c','Group':null},{'e':'d','Group':0}]";
        String params = "{'fieldsToSummarize':{'values':[{'aggregation':'append','field':'e','includeEmpty':true}]},"
                + "'fieldsToSplitBy':'Group','options':{'outputFormat':'separateItems'}}";
        assertThat(out(run(node, 1, params, items(in)), 0))
                .isEqualTo(jsons("[{'Group':'0','appended_e':['a','d']},{'Group':'1','appended_e':['b']},"
                        + "{'Group':'null','appended_e':['c']}]"));
        assertThat(out(run(node, 1.1, params, items(in)), 0))
                .isEqualTo(jsons("[{'Group':0,'appended_e':['a','d']},{'Group':1,'appended_e':['b']},"
                        + "{'Group':null,'appended_e':['c']}]"));
    }
}
