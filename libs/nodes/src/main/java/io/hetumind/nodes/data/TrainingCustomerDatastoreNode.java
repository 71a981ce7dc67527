package io.hetumind.nodes.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.core.spi.PropertySpec;
import java.util.ArrayList;
import java.util.List;

/** Customer Datastore (n8n training): n8n's demo node returning a fixed list of five people. */
public final class TrainingCustomerDatastoreNode implements NodeType {

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("hetumind.n8nTrainingCustomerDatastore")
            .versions(1)
            .displayName("Customer Datastore (n8n training)")
            .description("Dummy node used for n8n training")
            .group(NodeGroup.DATA)
            .icon("users")
            .alias("n8n-nodes-base.n8nTrainingCustomerDatastore")
            .property(PropertySpec.options("operation")
                    .displayName("Operation")
                    .noExpression()
                    .option("getOnePerson", "Get One Person")
                    .option("getAllPeople", "Get All People")
                    .defaultValue("getOnePerson"))
            .property(PropertySpec.bool("returnAll")
                    .displayName("Return All")
                    .description("Whether to return all results or only up to a given limit")
                    .defaultValue(false)
                    .showWhen("operation", "getAllPeople"))
            .property(PropertySpec.number("limit")
                    .displayName("Limit")
                    .description("Max number of results to return (1 to 10)")
                    .defaultValue(5)
                    .showWhen("operation", "getAllPeople")
                    .showWhen("returnAll", false))
            .build();

    /** n8n's dataset, byte for byte (Zaphod has no country). */
    private static final JsonNode PEOPLE = Json.parse(
            """
            [
              {"id":"23423532","name":"Jay Gatsby","email":"gatsby@west-egg.com",
               "notes":"Keeps asking about a green light??","country":"US","created":"1925-04-10"},
              {"id":"23423533","name":"José Arcadio Buendía","email":"jab@macondo.co",
               "notes":"Lots of people named after him. Very confusing","country":"CO","created":"1967-05-05"},
              {"id":"23423534","name":"Max Sendak","email":"info@in-and-out-of-weeks.org",
               "notes":"Keeps rolling his terrible eyes","country":"US","created":"1963-04-09"},
              {"id":"23423535","name":"Zaphod Beeblebrox","email":"captain@heartofgold.com",
               "notes":"Felt like I was talking to more than one person","country":null,"created":"1979-10-12"},
              {"id":"23423536","name":"Edmund Pevensie","email":"edmund@narnia.gov",
               "notes":"Passionate sailor","country":"UK","created":"1950-10-16"}
            ]
            """);

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public NodeResult execute(NodeContext ctx) {
        String operation = ctx.param("operation", 0, String.class, "getOnePerson");
        List<Item> out = new ArrayList<>();
        // one answer per input item, as n8n loops over its input
        for (int i = 0; i < ctx.items().size(); i++) {
            int count = 1;
            if (operation.equals("getAllPeople")) {
                count = ctx.param("returnAll", i, Boolean.class, false)
                        ? PEOPLE.size()
                        : ctx.param("limit", i, Integer.class, 5);
                if (count < 1 || count > 10) {
                    throw NodeException.user("parameter 'limit' must be between 1 and 10, got " + count, i);
                }
            } else if (!operation.equals("getOnePerson")) {
                throw NodeException.user("parameter 'operation': unknown value '" + operation + "'", i);
            }
            for (int p = 0; p < Math.min(count, PEOPLE.size()); p++) {
                out.add(new Item((ObjectNode) PEOPLE.get(p).deepCopy(), null, null).withPairedItem(i));
            }
        }
        return NodeResult.of(out);
    }
}
