package io.hetumind.cli;

import io.hetumind.core.format.WorkflowFormat;
import io.hetumind.core.format.WorkflowFormatException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hetumind export FILE --to yaml|json}: converts a workflow between formats. */
@Command(name = "export", mixinStandardHelpOptions = true, description = "Convert a workflow to YAML or JSON.")
final class ExportCommand implements Callable<Integer> {

    enum Format {
        yaml,
        json
    }

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "Workflow file")
    Path file;

    @Option(names = "--to", required = true, paramLabel = "yaml|json", description = "Target format")
    Format to;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE",
            description = "Write here instead of stdout")
    Path output;

    @Override
    public Integer call() throws Exception {
        try {
            var wf = WorkflowFormat.read(file);
            String text = to == Format.yaml ? WorkflowFormat.writeYaml(wf) : WorkflowFormat.writeJson(wf);
            if (output != null) {
                Files.writeString(output, text);
            } else {
                spec.commandLine().getOut().print(text);
                spec.commandLine().getOut().flush();
            }
            return RunSupport.OK;
        } catch (WorkflowFormatException e) {
            spec.commandLine().getErr().println("hetumind: " + e.getMessage());
            return RunSupport.INVALID;
        }
    }
}
