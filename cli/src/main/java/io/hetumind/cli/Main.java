package io.hetumind.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The {@code hetumind} command: run, validate and inspect workflows locally, or push and run them on a studio. */
public final class Main {

    static final String VERSION = "hetumind 0.1.0";
    private static final String DESCRIPTION =
            "Run, validate and inspect Hetumind workflows locally, or push and run them on a studio.";

    /** Subcommands by name; only the one invoked is created (and its classes loaded). */
    private static final Map<String, Supplier<Command>> COMMANDS = new LinkedHashMap<>();

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

    private Main() {}

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, false, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        int code;
        try {
            code = execute(out, err, args);
        } finally {
            out.flush();
            err.flush();
        }
        System.exit(code);
    }

    /** Runs the command line on standard output and error and returns the exit code. */
    public static int execute(String... args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        return execute(out, err, args);
    }

    /**
     * Runs with the given output streams (tests capture them) and returns the exit code: 0 done, 1 failed (the
     * message on {@code err}), 2 invalid input or a wrong command line (with the command's usage on {@code err}).
     */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        try {
            return dispatch(out, err, args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static int dispatch(PrintWriter out, PrintWriter err, String... args) {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help") || args[0].equals("help")) {
            usage(out);
            return RunSupport.OK;
        }
        if (args[0].equals("-V") || args[0].equals("--version")) {
            out.println(VERSION);
            return RunSupport.OK;
        }
        Supplier<Command> factory = COMMANDS.get(args[0]);
        if (factory == null) {
            err.println(
                    args[0].startsWith("-")
                            ? "Unknown option: '" + args[0] + "'"
                            : "Unknown command: '" + args[0] + "'");
            usage(err);
            return RunSupport.INVALID;
        }
        Command command = factory.get();
        Invocation in;
        try {
            in = Invocation.parse(command.spec(), Arrays.asList(args).subList(1, args.length), out, err);
        } catch (UsageException e) {
            err.println(e.getMessage());
            command.spec().usage(err);
            return RunSupport.INVALID;
        }
        if (in.helpRequested()) {
            command.spec().usage(out);
            return RunSupport.OK;
        }
        if (in.versionRequested()) {
            out.println(VERSION);
            return RunSupport.OK;
        }
        try {
            return command.call(in);
        } catch (UsageException e) {
            err.println(e.getMessage());
            command.spec().usage(err);
            return RunSupport.INVALID;
        } catch (Exception e) {
            err.println("hetumind: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return RunSupport.FAILED;
        }
    }

    /** The top-level help: every command with its one-line description. */
    static void usage(PrintWriter out) {
        out.println("Usage: hetumind [-hV] COMMAND");
        out.println(DESCRIPTION);
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"  -h, --help", CommandSpec.HELP.description()});
        rows.add(new String[] {"  -V, --version", CommandSpec.VERSION.description()});
        CommandSpec.printRows(out, rows);
        out.println("Commands:");
        rows.clear();
        COMMANDS.forEach((name, factory) ->
                rows.add(new String[] {"  " + name, factory.get().spec().description()}));
        CommandSpec.printRows(out, rows);
        out.println("Run 'hetumind COMMAND --help' for a command's options.");
        out.flush();
    }
}
