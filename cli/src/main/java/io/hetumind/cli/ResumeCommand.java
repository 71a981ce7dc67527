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

/** {@code hetumind resume ID}: continues an interrupted run from its last checkpoint. */
final class ResumeCommand implements Command {

    private static final CommandSpec SPEC = new CommandSpec(
                    "resume",
                    "Continue an interrupted or paused run from its checkpoint; finished nodes do not run again.")
            .parameter("ID", "Execution id printed by 'hetumind run'")
            .requiredOption("DIR", "Where the run checkpointed", "--checkpoint-dir")
            .flag("Print the run in n8n's runData shape on stdout, nothing else", "--json")
            .flag("Force every checkpoint to disk", "--fsync");

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int call(Invocation in) throws Exception {
        String executionId = in.parameter("ID");
        Path checkpointDir = in.path("--checkpoint-dir");
        boolean json = in.flag("--json");
        boolean fsync = in.flag("--fsync");
        var out = in.out();
        var err = in.err();
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
