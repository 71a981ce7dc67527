package io.hetumind.core.spi;

import io.hetumind.core.model.Item;
import java.time.Instant;
import java.util.List;

/** What a node run produced: items per output port, or a request to park the execution. */
public sealed interface NodeResult {

    /** Items per main output port, in port order. */
    record Output(List<List<Item>> ports) implements NodeResult {
        public Output {
            ports = ports.stream().map(List::copyOf).toList();
        }
    }

    /**
     * Park the execution in {@code waiting} until {@code until} (null: until resumed from
     * outside, e.g. a resume webhook). On resume the node finishes with {@code ports}.
     */
    record Wait(Instant until, List<List<Item>> ports) implements NodeResult {
        public Wait {
            ports = ports.stream().map(List::copyOf).toList();
        }
    }

    static NodeResult of(List<Item> items) {
        return new Output(List.of(items));
    }

    static NodeResult ports(List<List<Item>> ports) {
        return new Output(ports);
    }

    static NodeResult empty() {
        return new Output(List.of(List.of()));
    }
}
