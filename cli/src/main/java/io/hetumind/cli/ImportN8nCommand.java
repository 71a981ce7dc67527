package io.hetumind.cli;

import io.hetumind.core.format.N8nImport;
import io.hetumind.core.format.WorkflowFormat;
import io.hetumind.core.format.WorkflowFormatException;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.core.validate.ValidationReport;
import io.hetumind.core.validate.WorkflowValidator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hetumind import-n8n FILE}: converts an n8n export, listing what is unsupported. */
@Command(
        name = "import-n8n",
        mixinStandardHelpOptions = true,
        description = "Convert an n8n workflow export to a Hetumind workflow (fails on unsupported nodes).")
final class ImportN8nCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "n8n export (.json)")
    Path file;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE",
            description = "Write here instead of stdout")
    Path output;

    @Override
    public Integer call() throws Exception {
        var err = spec.commandLine().getErr();
        NodeRegistry registry = NodeRegistry.load();
        N8nImport.Result result;
        try {
            result = N8nImport.convert(Files.readString(file), registry);
        } catch (WorkflowFormatException e) {
            err.println("hetumind: " + file + ": " + e.getMessage());
            return RunSupport.INVALID;
        }
        if (!result.ok()) {
            err.println("hetumind: " + file + " uses node types Hetumind does not support:");
            result.unsupported().forEach(u -> err.println("  - " + u));
            return RunSupport.INVALID;
        }
        ValidationReport report = new WorkflowValidator(registry).validate(result.workflow());
        if (!report.ok()) {
            err.println("hetumind: " + file + " converted, but it is not valid:");
            report.problems().forEach(p -> err.println("  - " + p));
            return RunSupport.INVALID;
        }
        String json = WorkflowFormat.writeJson(result.workflow());
        if (output != null) {
            Files.writeString(output, json);
            spec.commandLine().getOut().println("wrote " + output);
        } else {
            spec.commandLine().getOut().print(json);
        }
        spec.commandLine().getOut().flush();
        return RunSupport.OK;
    }
}
