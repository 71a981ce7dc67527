package io.hetumind.cli;

import io.hetumind.core.format.WorkflowFormat;
import io.hetumind.core.format.WorkflowFormatException;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code hetumind export FILE --to yaml|json}: converts a workflow between formats. */
final class ExportCommand implements Command {

    enum Format {
        yaml,
        json
    }

    private static final CommandSpec SPEC = new CommandSpec("export", "Convert a workflow to YAML or JSON.")
            .parameter("FILE", "Workflow file")
            .requiredOption("yaml|json", "Target format", "--to")
            .option("FILE", "Write here instead of stdout", "-o", "--output");

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int call(Invocation in) throws Exception {
        Path file = in.parameterPath("FILE");
        Format to = in.enumValue("--to", Format.class, null);
        Path output = in.path("--output");
        try {
            var wf = WorkflowFormat.read(file);
            String text = to == Format.yaml ? WorkflowFormat.writeYaml(wf) : WorkflowFormat.writeJson(wf);
            if (output != null) {
                Files.writeString(output, text);
            } else {
                in.out().print(text);
                in.out().flush();
            }
            return RunSupport.OK;
        } catch (WorkflowFormatException e) {
            in.err().println("hetumind: " + e.getMessage());
            return RunSupport.INVALID;
        }
    }
}
