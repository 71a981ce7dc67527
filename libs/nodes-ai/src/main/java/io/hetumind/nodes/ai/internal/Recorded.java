package io.hetumind.nodes.ai.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeResources;
import io.hetumind.core.spi.SubNodeCall;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A call a sub-node's supply makes on its root's behalf, recorded as a run of the sub-node (core's {@link
 * NodeContext#recordCall}) with the items n8n's {@code logWrapper} records: {@code input} in, {@code output(result)}
 * out, or the error when the call throws (thrown on).
 */
public final class Recorded {

    private Recorded() {}

    public static <T> T call(
            NodeResources ctx, String connectionType, Item input, Supplier<T> call, Function<T, ObjectNode> output) {
        SubNodeCall recorded = ctx.recordCall(connectionType, List.of(input));
        try {
            T result = call.get();
            recorded.succeeded(List.of(Item.of(output.apply(result))));
            return result;
        } catch (RuntimeException e) {
            recorded.failed(e);
            throw e;
        }
    }
}
