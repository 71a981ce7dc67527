package io.hetumind.cli;

import io.hetumind.core.engine.Checkpointer;
import io.hetumind.core.engine.Durability;
import io.hetumind.core.engine.Engine;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.FileCheckpointer;
import io.hetumind.core.engine.Ids;
import io.hetumind.core.engine.RunRequest;
import io.hetumind.core.engine.WorkflowInvalidException;
import io.hetumind.core.format.WorkflowFormat;
import io.hetumind.core.format.WorkflowFormatException;
import io.hetumind.core.model.Workflow;
import io.hetumind.core.spi.BinaryStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hetumind run FILE}: runs a workflow locally and prints each node as it finishes. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run a workflow file locally.")
final class RunCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "Workflow file (.json, .yaml)")
    Path file;

    @Option(names = "--input", paramLabel = "JSON|@file", description = "Trigger input: an object, an array, or @file")
    String input;

    @Option(names = "--json", description = "Print the run in n8n's runData shape on stdout, nothing else")
    boolean json;

    @Option(names = "--checkpoint-dir", paramLabel = "DIR", description = "Checkpoint after every node into DIR")
    Path checkpointDir;

    @Option(names = "--fsync", description = "Force every checkpoint to disk (survives an OS crash, slower)")
    boolean fsync;

    @Option(names = "--sequential", description = "Run one node at a time in the workflow's executionOrder")
    boolean sequential;

    @Option(names = "--quiet", description = "Print only the final result")
    boolean quiet;

    @Option(names = "--execution-id", paramLabel = "ID", description = "Execution id (default: a new UUID)")
    String executionId;

    @Option(
            names = "--durability",
            paramLabel = "MODE",
            description = "With --checkpoint-dir: EVERY_EVENT, PER_NODE (default) or AT_END")
    Durability durability = Durability.PER_NODE;

    @Override
    public Integer call() throws Exception {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        Workflow wf;
        try {
            wf = WorkflowFormat.read(file);
        } catch (WorkflowFormatException e) {
            err.println("hetumind: " + e.getMessage());
            return RunSupport.INVALID;
        }
        // Bad --input fails before anything is printed or written.
        var items = RunSupport.parseInput(input);
        String id = executionId != null ? executionId : Ids.uuidV7();
        Checkpointer cp = Checkpointer.NONE;
        if (checkpointDir != null) {
            FileCheckpointer files = new FileCheckpointer(checkpointDir, fsync);
            Files.createDirectories(files.dir(id));
            Files.writeString(files.dir(id).resolve("workflow.json"), WorkflowFormat.writeJson(wf));
            cp = files;
        }
        Engine engine = Engines.create(cp, json || quiet ? null : new Progress(out), checkpointDir);
        try {
            var prepared = engine.prepare(wf);
            if (!json && !quiet) {
                out.println("▶ " + (wf.name().isEmpty() ? file.getFileName() : wf.name()) + "  (execution " + id + ")");
                out.flush();
            }
            RunRequest req = RunRequest.defaults()
                    .withExecutionId(id)
                    .withMode("cli")
                    .withInput(items)
                    .withParallel(!sequential)
                    .withDurability(durability)
                    .withService(BinaryStore.class, Engines.binaryStore(checkpointDir));
            ExecutionResult r = Engines.runToEnd(engine, prepared, engine.run(prepared, req), req);
            return RunSupport.report(r, json, out, err, checkpointDir == null ? null : checkpointDir.toString());
        } catch (WorkflowInvalidException e) {
            return RunSupport.invalid(e, file.toString(), err);
        }
    }
}
