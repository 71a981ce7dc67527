package io.hetumind.cli;

import io.hetumind.core.format.WorkflowFormat;
import io.hetumind.core.format.WorkflowFormatException;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.core.validate.Problem;
import io.hetumind.core.validate.ValidationReport;
import io.hetumind.core.validate.WorkflowValidator;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hetumind validate FILE…}: prints every problem of each file; exit 2 when any. */
@Command(name = "validate", mixinStandardHelpOptions = true, description = "Validate workflow files.")
final class ValidateCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Workflow files")
    List<Path> files;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        WorkflowValidator validator = new WorkflowValidator(NodeRegistry.load());
        int bad = 0;
        for (Path file : files) {
            try {
                ValidationReport report = validator.validate(WorkflowFormat.read(file));
                if (report.problems().isEmpty()) {
                    out.println("✔ " + file + ": valid");
                    continue;
                }
                bad += report.ok() ? 0 : 1;
                out.println((report.ok() ? "⚠ " : "✘ ") + file + ": "
                        + report.problems().size() + " problem(s)");
                for (Problem p : report.problems()) {
                    out.println("  - " + p);
                }
            } catch (WorkflowFormatException e) {
                bad++;
                out.println("✘ " + e.getMessage());
            }
        }
        out.flush();
        return bad == 0 ? RunSupport.OK : RunSupport.INVALID;
    }
}
