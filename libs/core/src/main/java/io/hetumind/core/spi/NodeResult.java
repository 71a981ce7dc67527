package io.hetumind.core.spi;

import io.hetumind.core.model.Item;
import java.time.Instant;
import java.util.List;

/** What a node run produced: items per output port, or a request to park the execution. */
public sealed interface NodeResult {

    /**
     * Items per main output port, in port order, plus items that failed one by one while the
     * node continues on failure ({@code ctx.continueOnFail()}): each error item's JSON holds
     * {@code error}. The engine routes them to the error output ({@code onError: errorOutput})
     * or appends them to the first output ({@code continue}).
     */
    record Output(List<List<Item>> ports, List<Item> errors) implements NodeResult {
        public Output {
            ports = io.hetumind.core.model.Lists.immutable(ports);
            errors = errors == null ? List.of() : List.copyOf(errors);
        }

        public Output(List<List<Item>> ports) {
            this(ports, List.of());
        }
    }

    /**
     * Park the execution in {@code waiting} until {@code until} (null: until resumed from
     * outside, e.g. a resume webhook). On resume the node finishes with {@code ports}.
     */
    record Wait(Instant until, List<List<Item>> ports) implements NodeResult {
        public Wait {
            ports = io.hetumind.core.model.Lists.immutable(ports);
        }
    }

    static NodeResult of(List<Item> items) {
        return new Output(List.of(items));
    }

    static NodeResult ports(List<List<Item>> ports) {
        return new Output(ports);
    }

    /** Outputs plus per-item failures; see {@link Output}. */
    static NodeResult withErrors(List<List<Item>> ports, List<Item> errors) {
        return new Output(ports, errors);
    }

    static NodeResult empty() {
        return new Output(List.of(List.of()));
    }
}
