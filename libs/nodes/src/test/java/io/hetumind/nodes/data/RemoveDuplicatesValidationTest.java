package io.hetumind.nodes.data;

import static io.hetumind.nodes.NodeTests.error;
import static io.hetumind.nodes.NodeTests.items;
import static io.hetumind.nodes.NodeTests.out;
import static io.hetumind.nodes.NodeTests.run;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** n8n checks the compared fields before removing duplicates; which check applies depends on the node version. */
class RemoveDuplicatesValidationTest {

    private final RemoveDuplicatesNode rd = new RemoveDuplicatesNode();
    private final ItemListsNode lists = new ItemListsNode();

    @Test
    void aComparedFieldMissingFromAnItemIsAnError() {
        // allFields compares the union of every item's fields, so one item without "city" fails
        assertThat(error(run(rd, 1.1, "{'compare':'allFields'}", items("[{'a':1,'city':'x'},{'a':1}]"))))
                .isEqualTo("'city' field is missing from some input items");
        assertThat(error(run(
                        rd,
                        1.1,
                        "{'compare':'selectedFields','fieldsToCompare':'nested.x'}",
                        items("[{'nested':{'x':1}},{'nested':null}]"))))
                .isEqualTo("'nested.x' field is missing from some input items");
        assertThat(error(run(
                        lists,
                        3.1,
                        "{'operation':'removeDuplicates','compare':'selectedFields','fieldsToCompare':'city'}",
                        items("[{'city':'x'},{}]"))))
                .isEqualTo("'city' field is missing from some input items");
    }

    @Test
    void nullCountsAsItsOwnTypeOnlyInV1() {
        String params = "{'compare':'selectedFields','fieldsToCompare':'city'}";
        var in = items("[{'city':'x'},{'city':null},{'city':'x'}]");
        assertThat(error(run(rd, 1, params, in))).isEqualTo("'city' isn't always the same type");
        assertThat(out(run(rd, 1.1, params, in), 0)).hasSize(2);
        // Item Lists 3.1 no longer checks types at all; 3 does, with null an object
        String listParams = "{'operation':'removeDuplicates','compare':'selectedFields','fieldsToCompare':'city'}";
        assertThat(out(run(lists, 3.1, listParams, items("[{'city':'x'},{'city':1},{'city':'x'}]")), 0))
                .hasSize(2);
        assertThat(error(run(lists, 3, listParams, in))).isEqualTo("'city' isn't always the same type");
    }

    @Test
    void v2RemovesDuplicatesWithinTheInputLikeV11() {
        String params = "{'operation':'removeDuplicateInputItems','compare':'selectedFields','fieldsToCompare':'city'}";
        var in = items("[{'city':'x','n':1},{'city':null},{'city':'x','n':2}]");
        assertThat(out(run(rd, 2, params, in), 0)).hasSize(2);
        assertThat(error(run(rd, 2, params, items("[{'city':'x'},{}]"))))
                .isEqualTo("'city' field is missing from some input items");
    }
}
