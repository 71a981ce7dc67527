package io.hetumind.cli;

import io.hetumind.core.engine.Breakpoints;
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
import io.hetumind.core.spi.CredentialResolver;
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
            .flag("Force every checkpoint to disk", "--fsync")
            .option("NODE[,NODE…]", "Pause before these nodes start", "--break")
            .option("NODE[,NODE…]", "Pause after these nodes finish", "--break-after")
            .flag("Run one node, then pause again", "--step")
            .option("FILE", "At a pause, write the held node's items and the run to FILE and stop", "--dump")
            .option(
                    "FILE",
                    "Credentials file (see 'hetumind run --help'); default $" + CredentialsFile.ENV,
                    "--credentials")
            .flag("End the run as canceled instead (one held at a breakpoint, or parked)", "--abort");

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
        CredentialResolver credentials;
        try {
            credentials = CredentialsFile.resolver(in.path("--credentials"));
        } catch (CredentialsFile.Invalid e) {
            in.err().println("hetumind: " + e.getMessage());
            return RunSupport.INVALID;
        }
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
        RunRequest req = RunRequest.defaults()
                .withService(BinaryStore.class, Engines.binaryStore(checkpointDir))
                .withService(CredentialResolver.class, credentials);
        try {
            if (in.flag("--abort")) {
                ExecutionResult r = engine.abort(prepared, executionId, "aborted from the command line", req);
                return RunSupport.report(r, json, out, err, checkpointDir.toString());
            }
            Breakpoints b = Debugger.breakpoints(in, prepared);
            RunRequest first = req.withBreakpoints(b);
            ExecutionResult r = Engines.runToEnd(engine, prepared, engine.resume(prepared, executionId, first), first);
            r = new Debugger(engine, prepared, req, b, in.path("--dump"), in, json).drive(r);
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
