package io.hetumind.nodes.data;

import static io.hetumind.nodes.NodeTests.error;
import static io.hetumind.nodes.NodeTests.items;
import static io.hetumind.nodes.NodeTests.out;
import static io.hetumind.nodes.NodeTests.run;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TrainingCustomerDatastoreNodeTest {

    private final TrainingCustomerDatastoreNode node = new TrainingCustomerDatastoreNode();

    @Test
    void getOnePersonReturnsGatsbyPerInputItem() {
        var r = out(run(node, 1, "{}", items("[{},{}]")), 0);
        assertThat(r).hasSize(2);
        assertThat(r.get(0).path("name").asText()).isEqualTo("Jay Gatsby");
        assertThat(r.get(0).path("created").asText()).isEqualTo("1925-04-10");
    }

    @Test
    void getAllPeopleHonoursReturnAllAndLimit() {
        var in = items("[{}]");
        var all = out(run(node, 1, "{'operation':'getAllPeople','returnAll':true}", in), 0);
        assertThat(all)
                .extracting(j -> j.path("id").asText())
                .containsExactly("23423532", "23423533", "23423534", "23423535", "23423536");
        assertThat(all.get(3).get("country").isNull()).isTrue();
        assertThat(out(run(node, 1, "{'operation':'getAllPeople','limit':2}", in), 0))
                .hasSize(2);
        assertThat(out(run(node, 1, "{'operation':'getAllPeople'}", in), 0)).hasSize(5);
        assertThat(out(run(node, 1, "{'operation':'getAllPeople','limit':8}", in), 0))
                .hasSize(5);
        assertThat(error(run(node, 1, "{'operation':'getAllPeople','limit':0}", in)))
                .contains("between 1 and 10");
    }
}
