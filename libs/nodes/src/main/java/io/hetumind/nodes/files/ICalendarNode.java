package io.hetumind.nodes.files;

import io.hetumind.core.model.Node;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.core.spi.PropertySpec;
import io.hetumind.nodes.internal.PerItem;
import java.util.List;

/**
 * iCalendar (n8n's legacy {@code iCal} node, v1): {@code createEventFile} makes one ICS event file per item. n8n's
 * Convert to File runs the very same operation as "Convert to iCal", and so does this node.
 */
public final class ICalendarNode implements NodeType {

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("hetumind.iCal")
            .versions(1)
            .displayName("iCalendar")
            .description("Create iCalendar file")
            .group(NodeGroup.DATA)
            .icon("calendar")
            .alias("n8n-nodes-base.iCal")
            .property(PropertySpec.options("operation")
                    .displayName("Operation")
                    .noExpression()
                    .option("createEventFile", "Create Event File")
                    .defaultValue("createEventFile"))
            .property(PropertySpec.string("title").displayName("Event Title"))
            .property(PropertySpec.dateTime("start")
                    .displayName("Start")
                    .required()
                    .description("When the event begins (for all-day events the time is ignored)"))
            .property(PropertySpec.dateTime("end")
                    .displayName("End")
                    .required()
                    .description("When the event ends (for all-day events the time is ignored); empty: the start"))
            .property(PropertySpec.bool("allDay").displayName("All Day").description("Whether the event lasts all day"))
            .property(PropertySpec.string("binaryPropertyName")
                    .displayName("Put Output File in Field")
                    .defaultValue("data")
                    .required())
            .property(ICalendarDescriptor.additionalFields())
            .build();

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public NodeResult execute(NodeContext ctx) {
        String operation = ctx.param("operation", 0, String.class, "createEventFile");
        if (!operation.equals("createEventFile")) {
            throw NodeException.user("parameter 'operation': '" + operation + "' is not supported (createEventFile)");
        }
        return PerItem.map(ctx, (i, item) -> List.of(ConvertToFileNode.iCal(ctx, i)));
    }

    @Override
    public boolean replaySafe(Node node) {
        return true;
    }
}
