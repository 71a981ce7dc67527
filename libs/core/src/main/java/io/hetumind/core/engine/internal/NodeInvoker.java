package io.hetumind.core.engine.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.engine.ChildWaitingException;
import io.hetumind.core.engine.ExecutionError;
import io.hetumind.core.engine.ExecutionEvent;
import io.hetumind.core.engine.ExecutionEvent.NodeFailed;
import io.hetumind.core.engine.ExecutionEvent.NodeFinished;
import io.hetumind.core.engine.ExecutionEvent.NodeWaiting;
import io.hetumind.core.engine.SourceRef;
import io.hetumind.core.engine.SubRun;
import io.hetumind.core.engine.Task;
import io.hetumind.core.engine.WorkflowGraph;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Node;
import io.hetumind.core.model.OnError;
import io.hetumind.core.spi.ErrorKind;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs one task and turns the outcome into an event, applying the node's policies: disabled
 * pass-through, pinned data, always-output-data, retries with backoff, continue-on-fail and
 * the error output.
 */
public final class NodeInvoker {

    private final EngineServices services;
    private final WorkflowGraph graph;
    private final boolean usePinData;
    private final Map<Class<?>, Object> runServices;
    private final java.util.function.Consumer<io.hetumind.core.engine.RunEvent> subCallEvents;

    public NodeInvoker(
            EngineServices services, WorkflowGraph graph, boolean usePinData, Map<Class<?>, Object> runServices) {
        this(services, graph, usePinData, runServices, null);
    }

    /**
     * {@code subCallEvents} (nullable) is told as each call of a sub-node starts and ends ({@code SUB_NODE_STARTED},
     * {@code SUB_NODE_FINISHED}), on the thread of the root that makes it.
     */
    public NodeInvoker(
            EngineServices services,
            WorkflowGraph graph,
            boolean usePinData,
            Map<Class<?>, Object> runServices,
            java.util.function.Consumer<io.hetumind.core.engine.RunEvent> subCallEvents) {
        this.services = services;
        this.graph = graph;
        this.usePinData = usePinData;
        this.runServices = runServices;
        this.subCallEvents = subCallEvents;
    }

    /** Resolves the task's input items from run data; done on the coordinating thread. */
    public static List<List<Item>> resolveInputs(MachineState s, Task task) {
        if (task.inputs().size() == 1 && task.inputs().getFirst().size() == 1) { // one input from one run
            return List.of(PairedItems.items(s, task.inputs().getFirst().getFirst()));
        }
        List<List<Item>> inputs = new ArrayList<>(task.inputs().size());
        for (List<SourceRef> refs : task.inputs()) {
            if (refs.size() == 1) {
                inputs.add(PairedItems.items(s, refs.getFirst()));
            } else {
                List<Item> all = new ArrayList<>();
                refs.forEach(r -> all.addAll(PairedItems.items(s, r)));
                inputs.add(all);
            }
        }
        return inputs;
    }

    /**
     * Runs {@code task}; {@code priorState} is a private copy of the node's state or null when
     * it has none (an untouched fresh state is then not stored).
     */
    public ExecutionEvent invoke(
            MachineState s, Task task, List<List<Item>> inputs, ObjectNode priorState, Control control) {
        return invoke(s, task, inputs, priorState, control, -1);
    }

    /**
     * {@link #invoke(MachineState, Task, List, ObjectNode, Control)} for a caller that has just read the clock:
     * {@code startedAt} is the node's start ({@code -1}: read it here). A node's times are two clock reads, its
     * start and its end (milliseconds, as n8n's {@code executionTime}); on a VM each read costs tens of nanoseconds,
     * a good part of an engine hop.
     */
    public ExecutionEvent invoke(
            MachineState s,
            Task task,
            List<List<Item>> inputs,
            ObjectNode priorState,
            Control control,
            long startedAt) {
        int index = graph.indexOf(task.node());
        Node node = graph.node(index);
        NodeType type = graph.type(index);
        long start = startedAt >= 0 ? startedAt : services.clock().millis();
        if (node.disabled()) {
            return finished(
                    task,
                    start,
                    paired(List.of(inputs.isEmpty() ? List.of() : inputs.getFirst()), inputs),
                    null,
                    List.of(),
                    null,
                    List.of());
        }
        if (task.lost() > 0 && task.tryNumber() > triesAfterCrash(node)) {
            NodeException lost = NodeException.operational(
                    "the worker running node '" + node.name() + "' was lost " + task.lost()
                            + (task.lost() == 1 ? " time" : " times") + "; not trying again",
                    null);
            return failed(task, node, index, start, inputs, List.of(), List.of(), lost, control);
        }
        if (usePinData && graph.workflow().pinData().containsKey(node.name())) {
            return finished(
                    task,
                    start,
                    paired(List.of(graph.workflow().pinData().get(node.name())), inputs),
                    null,
                    List.of(),
                    null,
                    List.of());
        }
        if (node.executeOnce()) {
            // n8n's "Execute Once" setting (handleExecuteOnce): every input keeps only its first item
            inputs = firstItems(inputs);
        }
        NodeRunContext ctx =
                new NodeRunContext(services, s, graph, task, node, type, inputs, priorState, control, runServices);
        ctx.subCallEvents(subCallEvents);
        try {
            NodeResult result = type.execute(ctx);
            return switch (result) {
                case NodeResult.Output out ->
                    finished(
                            task,
                            start,
                            paired(withAlwaysOutput(node, routeErrors(node, index, out, inputs)), inputs),
                            changed(priorState, ctx.nodeStateIfAny()),
                            ctx.consoleLines(),
                            null,
                            ctx.subRuns());
                case NodeResult.Wait wait ->
                    new NodeWaiting(
                            services.clock().millis(),
                            task.id(),
                            node.name(),
                            start,
                            wait.until() == null ? -1 : wait.until().toEpochMilli(),
                            wait.ports(),
                            changed(priorState, ctx.nodeStateIfAny()));
            };
        } catch (ChildWaitingException waiting) {
            long at = services.clock().millis();
            return new ExecutionEvent.NodeDeferred(
                    at, task.id(), node.name(), waiting.wakeAt() < 0 ? Long.MAX_VALUE : Math.max(waiting.wakeAt(), at));
        } catch (Throwable t) {
            if (t instanceof VirtualMachineError vm && !(t instanceof StackOverflowError)) {
                throw vm;
            }
            return failed(task, node, index, start, inputs, ctx.consoleLines(), ctx.subRuns(), t, control);
        }
    }

    private ExecutionEvent failed(
            Task task,
            Node node,
            int index,
            long start,
            List<List<Item>> inputs,
            List<String> console,
            List<SubRun> subRuns,
            Throwable t,
            Control control) {
        ExecutionError error = toError(node.name(), t);
        long now = services.clock().millis();
        boolean retryable =
                error.kind() != ErrorKind.USER && !control.canceled() && !(t instanceof InterruptedException);
        if (retryable && task.tryNumber() < node.retry().maxTries()) {
            return new NodeFailed(
                    now,
                    task.id(),
                    node.name(),
                    start,
                    elapsed(start, now),
                    error,
                    console,
                    now + node.retry().delayAfter(task.tryNumber()),
                    null,
                    subRuns);
        }
        if (node.onError() == OnError.CONTINUE) {
            List<Item> passThrough = inputs.isEmpty() ? List.of() : inputs.getFirst();
            return finished(task, start, List.of(passThrough), null, console, error, subRuns);
        }
        if (node.onError() == OnError.ERROR_OUTPUT) {
            List<List<Item>> ports = new ArrayList<>();
            for (int i = 0; i < graph.outputCount(index); i++) {
                ports.add(List.of());
            }
            ObjectNode json = Json.object().put("error", error.message());
            ports.add(List.of(Item.of(json)));
            return finished(task, start, ports, null, console, error, subRuns);
        }
        return new NodeFailed(
                now, task.id(), node.name(), start, elapsed(start, now), error, console, -1, null, subRuns);
    }

    /**
     * A try lost with a crashed worker counts, but a node without retries still gets one more
     * run after a crash: the worker, not the node, is the likelier culprit. A node that keeps
     * killing its worker fails instead of being retried forever.
     */
    static int triesAfterCrash(Node node) {
        return Math.max(node.retry().maxTries(), 2);
    }

    /**
     * Per-item failures go to the error output, or after the items of the first output. On the error output each
     * takes the fields of the input item it is paired with (its first pairing) under its own, as n8n's
     * {@code handleNodeErrorOutput} does ({@code {...pairedItem.json, ...item.json}}).
     */
    private List<List<Item>> routeErrors(Node node, int index, NodeResult.Output out, List<List<Item>> inputs) {
        if (out.errors().isEmpty()) {
            return out.ports();
        }
        List<List<Item>> ports = new ArrayList<>(out.ports());
        if (node.onError() == OnError.ERROR_OUTPUT) {
            int errorPort = graph.outputCount(index);
            while (ports.size() <= errorPort) {
                ports.add(List.of());
            }
            List<Item> errors = new ArrayList<>(ports.get(errorPort));
            for (Item e : out.errors()) {
                errors.add(withPairedInput(e, inputs));
            }
            ports.set(errorPort, errors);
        } else {
            if (ports.isEmpty()) {
                ports.add(List.of());
            }
            List<Item> first = new ArrayList<>(ports.getFirst());
            first.addAll(out.errors());
            ports.set(0, first);
        }
        return ports;
    }

    /**
     * n8n's {@code assignPairedItems}: after a node succeeds, output items without a pairing are paired with its input
     * when that is unambiguous — every one with item 0 when one input brought one item, each with the item at its own
     * index when one input and one output hold as many items, the one output item with item 0 when one input brought
     * several. Otherwise the first unpaired item stops the assignment (items before it keep what they got), as there.
     */
    static List<List<Item>> paired(List<List<Item>> ports, List<List<Item>> inputs) {
        boolean oneInput = inputs.size() == 1;
        int inputItems = oneInput ? inputs.getFirst().size() : -1;
        boolean singleInputAndOutput = oneInput && inputItems == 1;
        boolean sameNumberOfItems =
                ports.size() == 1 && oneInput && inputItems == ports.getFirst().size();
        boolean singleOutput = ports.size() == 1 && ports.getFirst().size() == 1 && oneInput && inputItems > 1;
        List<List<Item>> out = ports;
        for (int p = 0; p < ports.size(); p++) {
            List<Item> items = ports.get(p);
            List<Item> copy = null;
            for (int i = 0; i < items.size(); i++) {
                Item item = items.get(i);
                if (item.pairedItem() != null || item.explicitlyUnpaired()) {
                    continue; // n8n assigns only where pairedItem is undefined; [] stays
                }
                int pairWith;
                if (singleInputAndOutput || singleOutput) {
                    pairWith = 0;
                } else if (sameNumberOfItems) {
                    pairWith = i;
                } else {
                    return replaced(out, ports, p, copy);
                }
                if (copy == null) {
                    copy = new ArrayList<>(items);
                }
                copy.set(i, item.withPairedItem(pairWith));
            }
            out = replaced(out, ports, p, copy);
        }
        return out;
    }

    private static List<List<Item>> replaced(List<List<Item>> out, List<List<Item>> ports, int port, List<Item> items) {
        if (items == null) {
            return out;
        }
        List<List<Item>> changed = out == ports ? new ArrayList<>(ports) : out;
        changed.set(port, items);
        return changed;
    }

    private static Item withPairedInput(Item error, List<List<Item>> inputs) {
        if (error.pairedItem() == null) {
            return error;
        }
        int input = error.pairedItem().input();
        int item = error.pairedItem().item();
        if (input >= inputs.size() || item < 0 || item >= inputs.get(input).size()) {
            return error;
        }
        ObjectNode json = inputs.get(input).get(item).json().deepCopy();
        json.setAll(error.json());
        return error.withJson(json);
    }

    private static ObjectNode changed(ObjectNode prior, ObjectNode after) {
        return prior == null && (after == null || after.isEmpty()) ? null : after;
    }

    static ExecutionError toError(String node, Throwable t) {
        if (t instanceof NodeException ne) {
            return new ExecutionError(ne.getMessage(), ne.description(), node, ne.itemIndex(), ne.kind());
        }
        if (t instanceof InterruptedException) {
            return ExecutionError.of("interrupted", node, ErrorKind.OPERATIONAL);
        }
        if (t instanceof StackOverflowError) {
            return ExecutionError.of("stack overflow in node", node, ErrorKind.USER);
        }
        if (t instanceof java.io.IOException || t instanceof java.util.concurrent.TimeoutException) {
            return ExecutionError.of(t.getClass().getSimpleName() + ": " + t.getMessage(), node, ErrorKind.OPERATIONAL);
        }
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return ExecutionError.of(message, node, ErrorKind.BUG);
    }

    private static List<List<Item>> withAlwaysOutput(Node node, List<List<Item>> ports) {
        if (!node.alwaysOutputData()) {
            return ports;
        }
        for (List<Item> p : ports) {
            if (!p.isEmpty()) {
                return ports;
            }
        }
        List<List<Item>> out = new ArrayList<>(ports);
        if (out.isEmpty()) {
            out.add(List.of(Item.empty()));
        } else {
            out.set(0, List.of(Item.empty()));
        }
        return out;
    }

    private NodeFinished finished(
            Task task,
            long start,
            List<List<Item>> ports,
            ObjectNode nodeState,
            List<String> console,
            ExecutionError error,
            List<SubRun> subRuns) {
        long now = services.clock().millis();
        return new NodeFinished(
                now,
                task.id(),
                task.node(),
                start,
                elapsed(start, now),
                frozen(ports),
                nodeState,
                console,
                error,
                null,
                subRuns);
    }

    /**
     * A node's output, frozen: the nodes after it share these items and the run data records them, so none may change
     * them in place (items with JSON made outside {@link Json#F} are copied).
     */
    static List<List<Item>> frozen(List<List<Item>> ports) {
        List<List<Item>> out = ports;
        for (int p = 0; p < ports.size(); p++) {
            List<Item> items = ports.get(p);
            List<Item> copy = null;
            for (int i = 0; i < items.size(); i++) {
                Item item = items.get(i);
                if (!Json.freeze(item.json())) {
                    if (copy == null) {
                        copy = new ArrayList<>(items);
                    }
                    copy.set(i, item.withJson(Json.frozenCopy(item.json())));
                }
            }
            if (copy != null) {
                if (out == ports) {
                    out = new ArrayList<>(ports);
                }
                out.set(p, List.copyOf(copy));
            }
        }
        return out;
    }

    private static long elapsed(long start, long now) {
        return Math.max(0, now - start); // a clock set back meanwhile counts as no time
    }

    private static List<List<Item>> firstItems(List<List<Item>> inputs) {
        List<List<Item>> out = new ArrayList<>(inputs.size());
        for (List<Item> in : inputs) {
            out.add(in.size() > 1 ? List.of(in.getFirst()) : in);
        }
        return out;
    }
}
