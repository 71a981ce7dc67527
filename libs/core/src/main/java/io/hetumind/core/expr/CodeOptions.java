package io.hetumind.core.expr;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * How one node run executes user code.
 *
 * @param limits time, memory and size bounds for each run (see {@link ExpressionLimits#forCode})
 * @param console receives each {@code console.log} line
 * @param canceled stops the code at its next budget check once true
 */
public record CodeOptions(ExpressionLimits limits, Consumer<String> console, BooleanSupplier canceled) {

    public CodeOptions {
        limits = limits == null ? ExpressionLimits.forCode(Duration.ofSeconds(60), CodeBudget.defaults(), 0) : limits;
        console = console == null ? line -> {} : console;
        canceled = canceled == null ? () -> false : canceled;
    }
}
