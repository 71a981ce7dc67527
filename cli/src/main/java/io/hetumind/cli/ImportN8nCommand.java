package io.hetumind.cli;

import io.hetumind.core.format.N8nImport;
import io.hetumind.core.format.WorkflowFormat;
import io.hetumind.core.format.WorkflowFormatException;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.core.validate.ValidationReport;
import io.hetumind.core.validate.WorkflowValidator;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code hetumind import-n8n FILE}: converts an n8n export, listing what is unsupported. */
final class ImportN8nCommand implements Command {

    private static final CommandSpec SPEC = new CommandSpec(
                    "import-n8n", "Convert an n8n workflow export to a Hetumind workflow (fails on unsupported nodes).")
            .parameter("FILE", "n8n export (.json)")
            .option("FILE", "Write here instead of stdout", "-o", "--output");

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int call(Invocation in) throws Exception {
        Path file = in.parameterPath("FILE");
        Path output = in.path("--output");
        var err = in.err();
        NodeRegistry registry = NodeCatalog.registry();
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
            in.out().println("wrote " + output);
        } else {
            in.out().print(json);
        }
        in.out().flush();
        return RunSupport.OK;
    }
}
