package io.hetumind.studio.execution;

import io.hetumind.core.model.BinaryRef;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.BinaryStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * A new execution's start items whose binary data is kept under another namespace (a parent run handing files to a
 * sub-workflow, a retry's input, a listener trigger's attachments) get their own copies under the execution's id, as
 * n8n duplicates binary data into a sub-execution: the files then go with this execution's record and stay when the
 * other one is deleted or pruned ({@link BinarySweeper}). Files already under the execution (a webhook's uploads) are
 * left as they are.
 */
final class LaunchBinaries {
    private static final Logger LOG = Logger.getLogger(LaunchBinaries.class);

    private LaunchBinaries() {}

    /** {@code items} with every stored binary reference under {@code executionId}; the same list when nothing moved. */
    static List<Item> owned(BinaryStore store, String executionId, List<Item> items) {
        if (items == null || items.stream().allMatch(i -> i.binary().isEmpty())) {
            return items;
        }
        List<Item> out = new ArrayList<>(items.size());
        for (Item item : items) {
            Map<String, BinaryRef> binary = item.binary();
            Map<String, BinaryRef> own = null;
            for (Map.Entry<String, BinaryRef> e : binary.entrySet()) {
                if (!heldBy(executionId, e.getValue())) {
                    own = own == null ? new LinkedHashMap<>(binary) : own;
                    own.put(e.getKey(), copy(store, executionId, e.getValue()));
                }
            }
            out.add(own == null ? item : item.withBinary(own));
        }
        return out;
    }

    /** Whether {@code ref} is kept under the execution (or one of its child runs), or is no stored reference at all. */
    static boolean heldBy(String executionId, BinaryRef ref) {
        int slash = ref.id() == null ? -1 : ref.id().indexOf('/');
        if (slash < 0) {
            return true;
        }
        String namespace = ref.id().substring(0, slash);
        return namespace.equals(executionId) || namespace.startsWith(executionId + ".");
    }

    /** The copy, or {@code ref} itself when its bytes cannot be read: the node that reads them reports it. */
    private static BinaryRef copy(BinaryStore store, String executionId, BinaryRef ref) {
        try {
            return store.copyTo(executionId, ref);
        } catch (IOException | RuntimeException e) {
            LOG.warnf("execution %s: binary data %s not copied: %s", executionId, ref.id(), e.getMessage());
            return ref;
        }
    }
}
