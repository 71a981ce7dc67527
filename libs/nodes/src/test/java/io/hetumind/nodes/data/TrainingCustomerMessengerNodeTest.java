package io.hetumind.nodes.data;

import static io.hetumind.nodes.NodeTests.items;
import static io.hetumind.nodes.NodeTests.out;
import static io.hetumind.nodes.NodeTests.run;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TrainingCustomerMessengerNodeTest {

    private final TrainingCustomerMessengerNode node = new TrainingCustomerMessengerNode();

    @Test
    void answersOnePerItemWithTheValuesAsATemplateLiteralPrintsThem() {
        var r = out(
                run(
                        node,
                        1,
                        "{'customerId':'={{ $json.id }}','message':'=Hi {{ $json.name }}'}",
                        items("[{'id':'23423532','name':'Jay'},{'id':7,'name':'Max'}]")),
                0);
        assertThat(r)
                .extracting(j -> j.get("output").asText())
                .containsExactly("Sent message to customer 23423532:  Hi Jay", "Sent message to customer 7:  Hi Max");
        // a number or an object as the template literal prints it
        assertThat(out(run(node, 1, "{'customerId':'={{ 1.50 }}','message':'={{ {a:1} }}'}", items("[{}]")), 0)
                        .getFirst()
                        .get("output")
                        .asText())
                .isEqualTo("Sent message to customer 1.5:  [object Object]");
    }
}
