package io.hetumind.cli;

import io.hetumind.core.engine.CheckpointConflictException;
import io.hetumind.core.engine.CheckpointCorruptException;
import io.hetumind.core.engine.Engine;
import io.hetumind.core.engine.ExecutionNotFoundException;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.FileCheckpointer;
import io.hetumind.core.engine.RunRequest;
import io.hetumind.core.engine.WorkflowMismatchException;
import io.hetumind.core.format.WorkflowFormat;
import io.hetumind.core.spi.BinaryStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hetumind resume ID}: continues an interrupted run from its last checkpoint. */
@Command(
        name = "resume",
        mixinStandardHelpOptions = true,
        description = "Continue an interrupted or paused run from its checkpoint; finished nodes do not run again.")
final class ResumeCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "Execution id printed by 'hetumind run'")
    String executionId;

    @Option(names = "--checkpoint-dir", paramLabel = "DIR", required = true, description = "Where the run checkpointed")
    Path checkpointDir;

    @Option(names = "--json", description = "Print the run in n8n's runData shape on stdout, nothing else")
    boolean json;

    @Option(names = "--fsync", description = "Force every checkpoint to disk")
    boolean fsync;

    @Override
    public Integer call() throws Exception {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        FileCheckpointer cp = new FileCheckpointer(checkpointDir, fsync);
        Path saved = cp.dir(executionId).resolve("workflow.json");
        if (!Files.exists(saved)) {
            err.println("hetumind: no checkpoint for execution '" + executionId + "' in " + checkpointDir);
            return RunSupport.FAILED;
        }
        Engine engine = Engines.create(cp, json ? null : new Progress(out), checkpointDir);
        var prepared = engine.prepare(WorkflowFormat.read(saved));
        if (!json) {
            out.println("▶ resuming execution " + executionId);
            out.flush();
        }
        RunRequest req = RunRequest.defaults().withService(BinaryStore.class, Engines.binaryStore(checkpointDir));
        try {
            ExecutionResult r = Engines.runToEnd(engine, prepared, engine.resume(prepared, executionId, req), req);
            return RunSupport.report(r, json, out, err, checkpointDir.toString());
        } catch (ExecutionNotFoundException
                | WorkflowMismatchException
                | CheckpointCorruptException
                | CheckpointConflictException e) {
            err.println("hetumind: " + e.getMessage());
            return RunSupport.FAILED;
        } finally {
            cp.close();
        }
    }
}
