package io.hetumind.nodes.data;

import static io.hetumind.nodes.NodeTests.error;
import static io.hetumind.nodes.NodeTests.items;
import static io.hetumind.nodes.NodeTests.jsons;
import static io.hetumind.nodes.NodeTests.out;
import static io.hetumind.nodes.NodeTests.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hetumind.core.spi.NodeRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

class ItemListsNodeTest {

    private final ItemListsNode node = new ItemListsNode();

    @Test
    void descriptorPassesTheRegistryCheck() {
        // the registry refuses a bad descriptor (duplicate names, defaults of the wrong type)
        assertThat(NodeRegistry.of(List.of(node)).find("n8n-nodes-base.itemLists"))
                .containsSame(node);
    }

    @Test
    void splitOutIsTheDefaultOperationWithItsOwnIncludeDefault() {
        var in = items("[{'data':[1,2],'x':'a'}]");
        assertThat(out(run(node, 1, "{'fieldToSplitOut':'data'}", in), 0)).isEqualTo(jsons("[{'data':1},{'data':2}]"));
    }

    @Test
    void legacyVersionsReadFieldListsAsFixedCollections() {
        var in = items("[{'id':1,'c':'a'},{'id':1,'c':'b'},{'id':2,'c':'a'}]");
        String params = "{'operation':'removeDuplicates','compare':'selectedFields',"
                + "'fieldsToCompare':{'fields':[{'fieldName':'id'}]}}";
        assertThat(out(run(node, 2.1, params, in), 0)).isEqualTo(jsons("[{'id':1,'c':'a'},{'id':2,'c':'a'}]"));
        String aggregate = "{'operation':'aggregateItems','aggregate':'aggregateAllItemData',"
                + "'include':'specifiedFields','fieldsToInclude':{'fields':[{'fieldName':'c'}]}}";
        assertThat(out(run(node, 1, aggregate, in), 0)).isEqualTo(jsons("[{'data':[{'c':'a'},{'c':'b'},{'c':'a'}]}]"));
    }

    @Test
    void version3RenamesAggregateToConcatenateAndTakesTextFieldLists() {
        var in = items("[{'id':1,'c':'a'},{'id':2,'c':'b'}]");
        String params = "{'operation':'concatenateItems','aggregate':'aggregateAllItemData',"
                + "'include':'allFieldsExcept','fieldsToExclude':'c'}";
        assertThat(out(run(node, 3, params, in), 0)).isEqualTo(jsons("[{'data':[{'id':1},{'id':2}]}]"));
        // each name is an option only in its own versions, so validation refuses the other one
        assertThatThrownBy(() -> run(node, 3, "{'operation':'aggregateItems'}", in))
                .hasMessageContaining("got \"aggregateItems\"");
        assertThatThrownBy(() -> run(node, 2.2, "{'operation':'concatenateItems'}", in))
                .hasMessageContaining("got \"concatenateItems\"");
    }

    @Test
    void limitSortAndSummarizeRunTheStandaloneLogic() {
        var in = items("[{'n':'b','v':1},{'n':'a','v':2},{'n':'c','v':3}]");
        assertThat(out(run(node, 3.1, "{'operation':'limit','maxItems':2,'keep':'lastItems'}", in), 0))
                .isEqualTo(jsons("[{'n':'a','v':2},{'n':'c','v':3}]"));
        assertThat(out(run(node, 1, "{'operation':'sort','sortFieldsUi':{'sortField':[{'fieldName':'n'}]}}", in), 0))
                .isEqualTo(jsons("[{'n':'a','v':2},{'n':'b','v':1},{'n':'c','v':3}]"));
        String sum = "{'operation':'summarize','fieldsToSummarize':{'values':[{'aggregation':'sum','field':'v'}]}}";
        assertThat(out(run(node, 2, sum, in), 0)).isEqualTo(jsons("[{'sum_v':6}]"));
    }

    @Test
    void beforeVersion2Point2TheSplitFieldIsOneNameHoldingAListOrObject() {
        var in = items("[{'a,b':[1],'a':[2],'s':'x'}]");
        assertThat(out(run(node, 2, "{'fieldToSplitOut':'a,b'}", in), 0)).isEqualTo(jsons("[{'a,b':1}]"));
        assertThat(error(run(node, 2, "{'fieldToSplitOut':'s'}", in)))
                .contains("The provided field 's' is not an array or object");
        assertThat(error(run(node, 1, "{'fieldToSplitOut':'zz'}", in)))
                .contains("Couldn't find the field 'zz' in the input data");
        assertThat(out(run(node, 2.2, "{'fieldToSplitOut':'s'}", in), 0)).isEqualTo(jsons("[{'s':'x'}]"));
    }

    @Test
    void legacyVersionsCheckInputsAsN8nV1AndV2Did() {
        var in = items("[{'list':{'a':1},'id':1,'t':'x'},{'id':'2','list':[1]}]");
        assertThat(error(run(node, 1, "{'fieldToSplitOut':'list'}", in)))
                .contains("The provided field 'list' is not an array");
        assertThat(out(run(node, 2, "{'fieldToSplitOut':'list'}", in), 0)).hasSize(2);
        String aggregate = "{'operation':'aggregateItems',"
                + "'fieldsToAggregate':{'fieldToAggregate':[{'fieldToAggregate':'nope'}]}}";
        assertThat(error(run(node, 2, aggregate, in))).contains("Couldn't find the field 'nope' in the input data");
        assertThat(out(run(node, 2.1, aggregate, in), 0)).isEqualTo(jsons("[{'nope':[]}]"));
        String byId = "{'operation':'removeDuplicates','compare':'selectedFields',"
                + "'fieldsToCompare':{'fields':[{'fieldName':'%s'}]}}";
        assertThat(error(run(node, 1, byId.formatted("id"), in))).contains("'id' isn't always the same type");
        assertThat(error(run(node, 2, byId.formatted("t"), in))).contains("'t' field is missing from some input items");
        // v3 still refuses a compared field missing from an item (n8n's removeDuplicates operation of v3/v3.1)
        assertThat(error(run(
                        node,
                        3,
                        "{'operation':'removeDuplicates','compare':'selectedFields','fieldsToCompare':'t'}",
                        in)))
                .contains("'t' field is missing from some input items");
    }

    @Test
    void legacySortNeedsAFieldSomeItemHas() {
        var in = items("[{'n':2},{'n':1}]");
        String p = "{'operation':'sort','sortFieldsUi':{'sortField':[{'fieldName':'%s'}]}}";
        assertThat(error(run(node, 2.2, p.formatted("zz"), in)))
                .contains("Couldn't find the field 'zz' in the input data");
        assertThat(out(run(node, 3, p.formatted("zz"), in), 0)).hasSize(2);
        assertThat(out(run(node, 1, p.formatted("n"), in), 0)).isEqualTo(jsons("[{'n':1},{'n':2}]"));
    }
}
