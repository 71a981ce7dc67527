package io.hetumind.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code hetumind} command: run, validate and inspect workflows locally. */
@Command(
        name = "hetumind",
        mixinStandardHelpOptions = true,
        version = "hetumind 0.1.0",
        description = "Run, validate and inspect Hetumind workflows locally.",
        subcommands = {
            RunCommand.class,
            ResumeCommand.class,
            ValidateCommand.class,
            NodesCommand.class,
            NewCommand.class,
            ExportCommand.class,
            ImportN8nCommand.class
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code (tests call this). */
    public static int execute(String... args) {
        return execute(new CommandLine(new Main()), args);
    }

    /** Runs with the given output streams (tests capture them). */
    public static int execute(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        return execute(cl, args);
    }

    private static int execute(CommandLine cl, String... args) {
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("hetumind: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            return 1;
        });
        return cl.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
