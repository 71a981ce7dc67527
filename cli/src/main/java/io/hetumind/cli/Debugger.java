package io.hetumind.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.engine.Breakpoints;
import io.hetumind.core.engine.Engine;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionState;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.engine.PausedView;
import io.hetumind.core.engine.PreparedWorkflow;
import io.hetumind.core.engine.RunRequest;
import io.hetumind.core.format.ItemCodec;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The CLI's debugger for {@code run} and {@code resume}: {@code --break}, {@code --break-after} and {@code --step}
 * pause the run; at a pause it either writes the state to the {@code --dump} file and stops, or prompts — show the
 * held node's input or output items, evaluate an expression in its context, step one node, continue, abort, or quit
 * leaving the run paused (resumable later with a checkpoint dir).
 */
final class Debugger {
    static final String HELP = "c continue · s step one node · i [N] input N · o [N] output N · p EXPR evaluate"
            + " (p@K EXPR: for item K) · a abort · q quit (the run stays paused)";

    private final Engine engine;
    private final PreparedWorkflow wf;
    private final RunRequest request;
    private final Breakpoints breakpoints;
    private final Path dump;
    private final Invocation in;
    private final PrintWriter say;

    Debugger(
            Engine engine,
            PreparedWorkflow wf,
            RunRequest request,
            Breakpoints breakpoints,
            Path dump,
            Invocation in,
            boolean json) {
        this.engine = engine;
        this.wf = wf;
        this.request = request;
        this.breakpoints = breakpoints;
        this.dump = dump;
        this.in = in;
        this.say = json ? in.err() : in.out(); // with --json, stdout carries the run's JSON only
    }

    /** The breakpoints the command line asks for; a node the workflow does not have is a usage error. */
    static Breakpoints breakpoints(Invocation in, PreparedWorkflow wf) {
        Set<String> before = nodes(in.string("--break"), wf, "--break");
        Set<String> after = nodes(in.string("--break-after"), wf, "--break-after");
        Breakpoints b = new Breakpoints(before, after, false);
        return in.flag("--step") ? b.stepping() : b;
    }

    private static Set<String> nodes(String list, PreparedWorkflow wf, String option) {
        Set<String> out = new LinkedHashSet<>();
        if (list == null) {
            return out;
        }
        for (String name : list.split(",")) {
            String n = name.strip();
            if (n.isEmpty()) {
                continue;
            }
            if (wf.graph().indexOf(n) < 0) {
                throw new UsageException(option + ": the workflow has no node '" + n + "'");
            }
            out.add(n);
        }
        return out;
    }

    static boolean held(ExecutionResult r) {
        return r.status() == ExecutionStatus.WAITING
                && ExecutionState.BREAKPOINT.equals(r.state().pauseReason());
    }

    /** Drives {@code r} from pause to pause until it ends, parks for another reason, or the user leaves it paused. */
    ExecutionResult drive(ExecutionResult r) throws IOException, InterruptedException {
        while (held(r)) {
            PausedView v = engine.paused(wf, r.executionId(), request).orElseThrow();
            String where = (v.after() ? "after" : "before") + " '" + v.node() + "'";
            if (dump != null) {
                Files.writeString(dump, Json.write(dumpOf(r, v)));
                say.println("⏸ paused " + where + "; state written to " + dump);
                say.flush();
                return r;
            }
            say.println("⏸ paused " + where + " — " + count(v.inputs()) + " item(s) in"
                    + (v.after() ? ", " + count(v.outputs()) + " out" : ""));
            say.println("  " + HELP);
            ExecutionResult next = prompt(r, v);
            if (next == null) {
                say.println("Left paused: execution " + r.executionId());
                say.flush();
                return r;
            }
            r = next;
        }
        return r;
    }

    /** Reads commands until one moves the run; null when the user quits (or input ends). */
    private ExecutionResult prompt(ExecutionResult r, PausedView v) throws IOException, InterruptedException {
        while (true) {
            say.print("debug> ");
            say.flush();
            String line = in.input().readLine();
            if (line == null) {
                say.println();
                return null;
            }
            line = line.strip();
            String cmd = line.isEmpty() ? "" : line.split("\\s+", 2)[0];
            String arg =
                    line.length() > cmd.length() ? line.substring(cmd.length()).strip() : "";
            switch (cmd) {
                case "c", "continue" -> {
                    return resume(r, breakpoints);
                }
                case "s", "step" -> {
                    return resume(r, breakpoints.stepping());
                }
                case "a", "abort" -> {
                    return engine.abort(wf, r.executionId(), "aborted in the debugger", request);
                }
                case "q", "quit" -> {
                    return null;
                }
                case "i", "input" -> show(v.inputs(), arg, "input");
                case "o", "output" -> show(v.outputs(), arg, "output");
                case "" -> {}
                default -> {
                    if (cmd.equals("p") || cmd.startsWith("p@")) {
                        evaluate(v, cmd, arg);
                    } else {
                        say.println("unknown command '" + cmd + "'; " + HELP);
                    }
                }
            }
        }
    }

    private ExecutionResult resume(ExecutionResult r, Breakpoints b) throws InterruptedException {
        RunRequest req = request.withBreakpoints(b);
        return Engines.runToEnd(engine, wf, engine.resume(wf, r.executionId(), req), req);
    }

    private void show(List<List<Item>> ports, String arg, String what) {
        int port;
        try {
            port = arg.isEmpty() ? 0 : Integer.parseInt(arg);
        } catch (NumberFormatException e) {
            say.println(what + " takes a number, not '" + arg + "'");
            return;
        }
        if (port < 0 || port >= ports.size()) {
            say.println("the node has no " + what + " " + port + " (it has " + ports.size() + ")");
            return;
        }
        ArrayNode items = Json.array();
        ports.get(port).forEach(i -> items.add(i.json()));
        say.println(RunSupport.pretty(items));
    }

    private void evaluate(PausedView v, String cmd, String expression) {
        int item = 0;
        if (cmd.startsWith("p@")) {
            try {
                item = Integer.parseInt(cmd.substring(2));
            } catch (NumberFormatException e) {
                say.println("p@K takes an item number, not '" + cmd.substring(2) + "'");
                return;
            }
        }
        if (expression.isEmpty()) {
            say.println("p needs an expression, e.g. p $json");
            return;
        }
        String template = expression.startsWith("=") ? expression : "={{ " + expression + " }}";
        try {
            JsonNode value = v.evaluate(template, item);
            say.println(value == null ? "undefined" : RunSupport.pretty(value));
        } catch (RuntimeException e) {
            say.println("error: " + e.getMessage());
        }
    }

    private static int count(List<List<Item>> ports) {
        return ports.stream().mapToInt(List::size).sum();
    }

    private static ObjectNode dumpOf(ExecutionResult r, PausedView v) {
        ObjectNode o = Json.object();
        o.put("executionId", r.executionId());
        o.put("node", v.node());
        o.put("when", v.after() ? "after" : "before");
        ArrayNode inputs = o.putArray("inputs");
        v.inputs().forEach(p -> inputs.add(ItemCodec.writeAll(p)));
        ArrayNode outputs = o.putArray("outputs");
        v.outputs().forEach(p -> outputs.add(ItemCodec.writeAll(p)));
        o.set("execution", r.toJson());
        return o;
    }
}
