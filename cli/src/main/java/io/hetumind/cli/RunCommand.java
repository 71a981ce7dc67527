package io.hetumind.cli;

import io.hetumind.core.engine.Breakpoints;
import io.hetumind.core.engine.Checkpointer;
import io.hetumind.core.engine.Durability;
import io.hetumind.core.engine.Engine;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.FileCheckpointer;
import io.hetumind.core.engine.Ids;
import io.hetumind.core.engine.InMemoryCheckpointer;
import io.hetumind.core.engine.RunRequest;
import io.hetumind.core.engine.WorkflowInvalidException;
import io.hetumind.core.format.N8nImport;
import io.hetumind.core.format.WorkflowFormat;
import io.hetumind.core.format.WorkflowFormatException;
import io.hetumind.core.model.Workflow;
import io.hetumind.core.model.WorkflowSlice;
import io.hetumind.core.spi.BinaryStore;
import io.hetumind.core.spi.CredentialResolver;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code hetumind run FILE}: runs a workflow locally and prints each node as it finishes. */
final class RunCommand implements Command {

    private static final CommandSpec SPEC = new CommandSpec("run", "Run a workflow file locally.")
            .parameter("FILE", "Workflow file (.json, .yaml)")
            .option("JSON|@file", "Trigger input: an object, an array, or @file", "--input")
            .flag("Print the run in n8n's runData shape on stdout, nothing else", "--json")
            .option("DIR", "Checkpoint after every node into DIR", "--checkpoint-dir")
            .flag("Force every checkpoint to disk (survives an OS crash, slower)", "--fsync")
            .flag("Run one node at a time in the workflow's executionOrder", "--sequential")
            .flag("Print only the final result", "--quiet")
            .flag("Run pinned nodes instead of using their pinned output (pinData)", "--ignore-pin-data")
            .flag("Measure each node (wall, CPU, allocation, items, wait) and print them by cost", "--profile")
            .option("NODE", "Run only NODE and the nodes that lead to it; nothing after it", "--to")
            .option("NODE[,NODE…]", "Pause before these nodes start (a debugger prompt, or see --dump)", "--break")
            .option("NODE[,NODE…]", "Pause after these nodes finish", "--break-after")
            .flag("Pause before every node: one node per step", "--step")
            .option("FILE", "At a pause, write the held node's items and the run to FILE and stop", "--dump")
            .option("ID", "Execution id (default: a new UUID)", "--execution-id")
            .option(
                    "FILE",
                    "Credentials (JSON/YAML, id or name → {type, data}, mode 600); default $" + CredentialsFile.ENV,
                    "--credentials")
            .option("MODE", "With --checkpoint-dir: EVERY_EVENT, PER_NODE (default) or AT_END", "--durability")
            .option(
                    "DURATION",
                    "A listening trigger (MQTT …) without --input: wait this long for the first event (30s, 5m"
                            + " — the default —, 1h)",
                    "--listen-timeout");

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int call(Invocation in) throws Exception {
        Path file = in.parameterPath("FILE");
        String input = in.string("--input");
        boolean json = in.flag("--json");
        Path checkpointDir = in.path("--checkpoint-dir");
        boolean fsync = in.flag("--fsync");
        boolean sequential = in.flag("--sequential");
        boolean quiet = in.flag("--quiet");
        String executionId = in.string("--execution-id");
        String destination = in.string("--to");
        boolean debugging = in.string("--break") != null || in.string("--break-after") != null || in.flag("--step");
        Path dump = in.path("--dump");
        if (dump != null && !debugging) {
            throw new UsageException("--dump writes the state at a pause: give --break, --break-after or --step too");
        }
        Durability durability = in.enumValue("--durability", Durability.class, Durability.PER_NODE);
        var out = in.out();
        var err = in.err();
        Workflow wf;
        try {
            wf = WorkflowFormat.read(file);
            if (!file.toString().endsWith(".yaml") && !file.toString().endsWith(".yml")) {
                // an n8n export naming no execution order runs in n8n's legacy v0 order, as the studio imports it
                wf = N8nImport.keepLegacyOrder(WorkflowFormat.parseTree(Files.readString(file), false), wf);
            }
        } catch (WorkflowFormatException e) {
            err.println("hetumind: " + e.getMessage());
            return RunSupport.INVALID;
        }
        if (destination != null) {
            if (wf.node(destination).isEmpty()) {
                err.println("hetumind: " + file + " has no node '" + destination + "'");
                return RunSupport.INVALID;
            }
            wf = WorkflowSlice.upTo(wf, destination); // also what a resume reads back from the checkpoint dir
        }
        // Bad --input fails before anything is printed or written.
        var items = RunSupport.parseInput(input);
        String listenTimeout = in.string("--listen-timeout");
        java.time.Duration waitFor = ListenOnce.parse(listenTimeout == null ? "5m" : listenTimeout);
        CredentialResolver credentials;
        try {
            credentials = CredentialsFile.resolver(in.path("--credentials"));
        } catch (CredentialsFile.Invalid e) {
            in.err().println("hetumind: " + e.getMessage());
            return RunSupport.INVALID;
        }
        String id = executionId != null ? executionId : Ids.uuidV7();
        Checkpointer cp = Checkpointer.NONE;
        if (checkpointDir != null) {
            FileCheckpointer files = new FileCheckpointer(checkpointDir, fsync);
            Files.createDirectories(files.dir(id));
            Files.writeString(files.dir(id).resolve("workflow.json"), WorkflowFormat.writeJson(wf));
            cp = files;
        } else if (debugging) {
            cp = new InMemoryCheckpointer(); // a pause is resumed in this process
        }
        boolean profile = in.flag("--profile");
        Engine engine = Engines.create(cp, json || quiet ? null : new Progress(out), checkpointDir, profile);
        BinaryStore binaries = Engines.binaryStore(checkpointDir);
        ListenOnce.Event event = null;
        try {
            var prepared = engine.prepare(wf);
            if (destination != null && prepared.graph().triggers().isEmpty()) {
                err.println("hetumind: no enabled trigger leads to node '" + destination + "'");
                return RunSupport.INVALID;
            }
            String startNode = null;
            if (input == null && !prepared.graph().triggers().isEmpty()) {
                String first = prepared.graph().triggers().getFirst();
                var listen = ListenOnce.of(wf, first, engine.registry());
                if (listen.isPresent()) {
                    try {
                        event = ListenOnce.await(
                                wf,
                                wf.node(first).orElseThrow(),
                                listen.get(),
                                credentials,
                                binaries,
                                NodeCatalog.catalog().guard(io.hetumind.core.spi.NodePolicy.allowAll()),
                                waitFor,
                                () -> {
                                    if (!quiet) {
                                        err.println("⏳ " + first + ": listening (up to " + ListenOnce.words(waitFor)
                                                + ") for one event, then running once");
                                        err.flush();
                                    }
                                });
                        items = event.items;
                        startNode = first;
                    } catch (io.hetumind.core.spi.trigger.TriggerConfigException e) {
                        err.println("hetumind: " + e.getMessage());
                        return RunSupport.INVALID;
                    } catch (ListenOnce.NoEvent
                            | io.hetumind.core.spi.NodeException
                            | io.hetumind.sdk.plugin.PluginGuard.PluginCallException e) {
                        err.println("hetumind: " + first + ": " + e.getMessage());
                        return RunSupport.FAILED;
                    }
                }
            }
            if (!json && !quiet) {
                out.println("▶ " + (wf.name().isEmpty() ? file.getFileName() : wf.name()) + "  (execution " + id + ")");
                out.flush();
            }
            RunRequest req = RunRequest.defaults()
                    .withExecutionId(id)
                    .withMode("cli")
                    .withPinData(!in.flag("--ignore-pin-data"))
                    .withInput(items)
                    .withStartNode(startNode)
                    .withParallel(!sequential)
                    .withDurability(durability)
                    .withService(BinaryStore.class, binaries)
                    .withService(CredentialResolver.class, credentials);
            ExecutionResult r;
            if (debugging) {
                Breakpoints b = Debugger.breakpoints(in, prepared);
                RunRequest first = req.withBreakpoints(b);
                r = Engines.runToEnd(engine, prepared, engine.run(prepared, first), first);
                r = new Debugger(engine, prepared, req, b, dump, in, json).drive(r);
            } else {
                r = Engines.runToEnd(engine, prepared, engine.run(prepared, req), req);
            }
            if (event != null) {
                event.finished(r); // e.g. a RabbitMQ Trigger acknowledges only now
            }
            int code = RunSupport.report(r, json, out, err, checkpointDir == null ? null : checkpointDir.toString());
            if (profile) {
                ProfileTable.print(r, json ? err : out); // with --json, stdout carries the run's JSON only
            }
            return code;
        } catch (WorkflowInvalidException e) {
            return RunSupport.invalid(e, file.toString(), err);
        } finally {
            if (event != null) {
                event.close();
            }
        }
    }
}
