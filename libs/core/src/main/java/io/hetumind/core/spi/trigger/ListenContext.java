package io.hetumind.core.spi.trigger;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.Item;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** What a host gives a {@link ListenTrigger} while it listens. */
public interface ListenContext {

    /** The workflow's id (for logs and client ids; never a secret). */
    String workflowId();

    /** The workflow's time zone (settings.timezone, UTC by default). */
    ZoneId zone();

    /** The decrypted credential of that type assigned to the node, if any. */
    Optional<ObjectNode> credentials(String credentialType);

    /** A host service, e.g. {@link io.hetumind.core.spi.NetworkPolicy}. */
    <T> Optional<T> service(Class<T> type);

    /**
     * An environment variable the host exposes to workflows (as a run's {@code $env}); for a plugin's trigger only
     * those its plugin declares. Empty by default (a host that exposes none).
     */
    default Optional<String> env(String name) {
        return Optional.empty();
    }

    /** The host's logger for this listener; never hand it secrets. */
    System.Logger log();

    /**
     * Starts one execution with {@code items} as the trigger node's output. Returns once the host
     * accepted it (queued, or for a run-once host taken), so a broker may acknowledge the message
     * after this returns; throws {@link EmitRefusedException} when the host did not take it (the
     * message should then stay unacknowledged / be re-delivered). May block (back-pressure).
     * Safe to call from any thread; events emitted from one thread are accepted in order.
     */
    void emit(List<Item> items) throws EmitRefusedException, InterruptedException;

    /**
     * Like {@link #emit}, and also follows the execution it started: once this returns, the
     * execution was accepted, and the stage (when present) completes when it finished or parked
     * waiting, telling whether it succeeded. It completes exceptionally when the host lost track
     * of the execution. A broker can so acknowledge a message only after its work is done (n8n's
     * "delete from queue when the execution finishes"). A host that cannot follow executions
     * keeps this default: it emits and returns empty, and the listener acknowledges on acceptance.
     */
    default Optional<CompletionStage<ExecutionEnd>> emitAndFollow(List<Item> items)
            throws EmitRefusedException, InterruptedException {
        emit(items);
        return Optional.empty();
    }

    /**
     * What this trigger node last saved with {@link #saveState} (n8n's node static data, such as the
     * Email Trigger's last message UID), kept by the host across restarts, reactivations and
     * replicas; empty when nothing was saved or the host keeps no state (the CLI's run-once host).
     */
    default Optional<ObjectNode> loadState() {
        return Optional.empty();
    }

    /**
     * Keeps {@code state} for this trigger node (replacing what was saved), so that the next listen
     * of it, on any replica, starts from there. Small JSON only: it is written whole each time. A
     * failure to save is reported and otherwise ignored by the host: a listener never stops for it.
     */
    default void saveState(ObjectNode state) {}

    /**
     * Reports that the connection broke ({@code reason} without secrets). The host closes the
     * listener and opens a new one after a back-off; calling it more than once is harmless.
     */
    void broken(String reason, Throwable cause);

    /** How an execution started by an event ended; {@code error} is its message when it failed, else null. */
    record ExecutionEnd(boolean succeeded, String error) {}

    /** The host did not accept an emitted event. */
    final class EmitRefusedException extends Exception {

        public EmitRefusedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
