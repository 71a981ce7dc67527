package io.hetumind.core.spi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * What nodes keep between executions of a workflow (n8n's "processed data": Remove Duplicates' history of values it
 * has seen), kept by the host: the studio in PostgreSQL for the run's tenant, the CLI in files under its home. A
 * value belongs to one workflow and a context the node names (n8n: {@code n:<node id>} for a node's own history,
 * {@code ""} for one the workflow's nodes share). A node asks for it with {@link NodeContext#service}; a host without
 * one has none, and the node says so.
 */
public interface ProcessedDataStore {

    /**
     * Runs {@code change} on the value kept for ({@code workflowId}, {@code context}) with no other update of that
     * value in between, in this process or another, and keeps what it leaves in the slot; returns its result.
     */
    <R> R update(String workflowId, String context, Function<Slot, R> change);

    /** The value under update: what is kept (null: nothing), and what to keep instead. */
    interface Slot {
        /** The kept value, or null. */
        JsonNode value();

        /** Keeps {@code value} instead (null: keeps nothing). */
        void set(JsonNode value);
    }

    /** A store in this process's memory (tests, a host that keeps nothing across restarts). */
    static ProcessedDataStore inMemory() {
        Map<String, JsonNode> values = new ConcurrentHashMap<>();
        return new ProcessedDataStore() {
            @Override
            public <R> R update(String workflowId, String context, Function<Slot, R> change) {
                String key = workflowId + "\u0000" + context;
                Object[] result = new Object[1];
                values.compute(key, (k, kept) -> {
                    SimpleSlot slot = new SimpleSlot(kept);
                    result[0] = change.apply(slot);
                    return slot.value() == null ? null : slot.value().deepCopy();
                });
                @SuppressWarnings("unchecked")
                R r = (R) result[0];
                return r;
            }
        };
    }

    /** A slot over a value read from a store: {@link #value()} is what the change left. */
    final class SimpleSlot implements Slot {
        private JsonNode value;
        private boolean changed;

        public SimpleSlot(JsonNode value) {
            this.value = value == null || value.isNull() ? null : value.deepCopy();
        }

        @Override
        public JsonNode value() {
            return value;
        }

        @Override
        public void set(JsonNode value) {
            this.value = value == null || value.isNull() ? null : value;
            this.changed = true;
        }

        /** Whether {@link #set} was called: the store writes only then. */
        public boolean changed() {
            return changed;
        }
    }
}
