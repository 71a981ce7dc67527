package io.hetumind.nodes.data;

import static io.hetumind.nodes.NodeTests.error;
import static io.hetumind.nodes.NodeTests.items;
import static io.hetumind.nodes.NodeTests.jsons;
import static io.hetumind.nodes.NodeTests.out;
import static io.hetumind.nodes.NodeTests.run;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AggregateSortTest {

    private final AggregateNode aggregate = new AggregateNode();
    private final SortNode sort = new SortNode();

    @Test
    void aggregateIndividualFieldsWithRenameAndMissing() {
        var in = items("[{'id':1,'t':{'x':'a'}},{'id':2},{'id':3,'t':{'x':'c'}}]");
        var r = run(
                aggregate,
                1,
                """
                {'fieldsToAggregate':{'fieldToAggregate':[
                  {'fieldToAggregate':'id','renameField':true,'outputFieldName':'ids'},{'fieldToAggregate':'t.x'}]}}
                """,
                in);
        assertThat(out(r, 0)).isEqualTo(jsons("[{'ids':[1,2,3],'x':['a','c']}]"));
        var keep = run(
                aggregate,
                1,
                "{'fieldsToAggregate':{'fieldToAggregate':[{'fieldToAggregate':'t.x'}]},"
                        + "'options':{'keepMissing':true}}",
                in);
        assertThat(out(keep, 0)).isEqualTo(jsons("[{'x':['a',null,'c']}]"));
        assertThat(error(run(aggregate, 1, "{}", in))).contains("No fields specified");
    }

    @Test
    void aggregateAllItemData() {
        var in = items("[{'id':1,'c':'a'},{'id':2,'c':'b'}]");
        assertThat(out(run(aggregate, 1, "{'aggregate':'aggregateAllItemData'}", in), 0))
                .isEqualTo(jsons("[{'data':[{'id':1,'c':'a'},{'id':2,'c':'b'}]}]"));
        assertThat(out(
                        run(
                                aggregate,
                                1,
                                "{'aggregate':'aggregateAllItemData','destinationFieldName':'o',"
                                        + "'include':'allFieldsExcept','fieldsToExclude':['c']}",
                                in),
                        0))
                .isEqualTo(jsons("[{'o':[{'id':1},{'id':2}]}]"));
    }

    @Test
    void sortByFieldsCaseInsensitiveAndDescending() {
        var in = items("[{'n':'b','v':1},{'n':'A','v':2},{'n':'a','v':3},{'n':'c','v':0}]");
        var r = run(
                sort,
                1,
                """
                {'sortFieldsUi':{'sortField':[{'fieldName':'n'},{'fieldName':'v','order':'descending'}]}}
                """,
                in);
        assertThat(out(r, 0)).extracting(j -> j.get("v").asInt()).containsExactly(3, 2, 1, 0);
        assertThat(error(run(sort, 1, "{}", in))).contains("No sorting specified");
        assertThat(out(run(sort, 1, "{'type':'random'}", in), 0)).hasSize(4);
    }
}
