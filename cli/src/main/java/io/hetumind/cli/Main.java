package io.hetumind.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code hetumind} command: run, validate and inspect workflows locally. */
@Command(
        name = "hetumind",
        mixinStandardHelpOptions = true,
        version = "hetumind 0.1.0",
        description = "Run, validate and inspect Hetumind workflows locally, or push and run them on a studio.")
public final class Main implements Runnable {

    /**
     * Subcommands by name. Only the one invoked is registered: picocli builds each command's
     * model by reflection, and doing it for all of them was most of the CLI's start-up time.
     */
    private static final java.util.Map<String, java.util.function.Supplier<Object>> COMMANDS =
            new java.util.LinkedHashMap<>();

    static {
        COMMANDS.put("run", RunCommand::new);
        COMMANDS.put("resume", ResumeCommand::new);
        COMMANDS.put("validate", ValidateCommand::new);
        COMMANDS.put("nodes", NodesCommand::new);
        COMMANDS.put("new", NewCommand::new);
        COMMANDS.put("export", ExportCommand::new);
        COMMANDS.put("import-n8n", ImportN8nCommand::new);
        COMMANDS.put("sched", SchedCommand::new);
        COMMANDS.put("login", LoginCommand::new);
        COMMANDS.put("push", PushCommand::new);
        COMMANDS.put("list", ListCommand::new);
        COMMANDS.put("exec", ExecCommand::new);
        COMMANDS.put("logs", LogsCommand::new);
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code (tests call this). */
    public static int execute(String... args) {
        return execute(commandLine(args), args);
    }

    private static CommandLine commandLine(String... args) {
        CommandLine cl = new CommandLine(new Main());
        var only = args.length > 0 ? COMMANDS.get(args[0]) : null;
        if (only != null) {
            cl.addSubcommand(args[0], only.get());
        } else {
            COMMANDS.forEach((name, factory) -> cl.addSubcommand(name, factory.get()));
        }
        return cl;
    }

    /** Runs with the given output streams (tests capture them). */
    public static int execute(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        CommandLine cl = commandLine(args);
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
