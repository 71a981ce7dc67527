package io.hetumind.cli;

import io.hetumind.core.format.WorkflowFormat;
import io.hetumind.core.format.WorkflowFormatException;
import io.hetumind.core.validate.Problem;
import io.hetumind.core.validate.ValidationReport;
import io.hetumind.core.validate.WorkflowValidator;
import java.nio.file.Path;
import java.util.List;

/** {@code hetumind validate FILE…}: prints every problem of each file; exit 2 when any. */
final class ValidateCommand implements Command {

    private static final CommandSpec SPEC =
            new CommandSpec("validate", "Validate workflow files.").parameters("FILE", "Workflow files", 1, -1, null);

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int call(Invocation in) throws Exception {
        List<Path> files = in.parameters("FILE").stream().map(Path::of).toList();
        var out = in.out();
        WorkflowValidator validator = new WorkflowValidator(NodeCatalog.registry());
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
