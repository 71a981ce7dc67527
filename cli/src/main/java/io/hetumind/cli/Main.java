package io.hetumind.cli;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The {@code hetumind} command: run, validate and inspect workflows locally, or push and run them on a studio. */
public final class Main {

    static final String VERSION = "hetumind 0.1.0";
    private static final String DESCRIPTION =
            "Run, validate and inspect Hetumind workflows locally, or push and run them on a studio.";

    /** Subcommand names in help order. */
    private static final String[] COMMANDS = {
        "run",
        "resume",
        "validate",
        "nodes",
        "new",
        "new-node",
        "templates",
        "export",
        "import-n8n",
        "sched",
        "login",
        "push",
        "list",
        "exec",
        "logs",
        "backup",
        "restore"
    };

    /**
     * The subcommand of this name, or null. A switch rather than a map of constructor references: only the invoked
     * command's class is loaded, and no lambda is spun up before it runs (each costs start-up time).
     */
    static Command command(String name) {
        return switch (name) {
            case "run" -> new RunCommand();
            case "resume" -> new ResumeCommand();
            case "validate" -> new ValidateCommand();
            case "nodes" -> new NodesCommand();
            case "new" -> new NewCommand();
            case "new-node" -> new NewNodeCommand();
            case "templates" -> new TemplatesCommand();
            case "export" -> new ExportCommand();
            case "import-n8n" -> new ImportN8nCommand();
            case "sched" -> new SchedCommand();
            case "login" -> new LoginCommand();
            case "push" -> new PushCommand();
            case "list" -> new ListCommand();
            case "exec" -> new ExecCommand();
            case "logs" -> new LogsCommand();
            case "backup" -> new BackupCommand();
            case "restore" -> new RestoreCommand();
            default -> null;
        };
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
        if (code == RunSupport.OK && nothingElseKeepsTheJvm()) {
            // The JVM ends by itself and runs the shutdown hooks (plugins, temporary files, pools) as an exit would.
            // Runtime.exit first asks the system logger whether to log the call, and finding that logger is a
            // ServiceLoader scan of every jar on the class path: ~130 jars here, 100-240 ms, more than the command.
            return;
        }
        System.exit(code);
    }

    /** Whether every live platform thread but this one is a daemon, so that returning from main ends the JVM. */
    static boolean nothingElseKeepsTheJvm() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() + 16];
        int n = root.enumerate(threads, true);
        if (n == threads.length) {
            return false; // more threads than counted a moment ago: do not guess
        }
        for (int i = 0; i < n; i++) {
            Thread t = threads[i];
            if (t != Thread.currentThread() && t.isAlive() && !t.isDaemon()) {
                return false;
            }
        }
        return true;
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
        return execute(null, out, err, args);
    }

    /** {@link #execute(PrintWriter, PrintWriter, String...)} reading standard input from {@code stdin} (null: stdin). */
    public static int execute(BufferedReader stdin, PrintWriter out, PrintWriter err, String... args) {
        try {
            return dispatch(stdin, out, err, args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static int dispatch(BufferedReader stdin, PrintWriter out, PrintWriter err, String... args) {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help") || args[0].equals("help")) {
            usage(out);
            return RunSupport.OK;
        }
        if (args[0].equals("-V") || args[0].equals("--version")) {
            out.println(VERSION);
            return RunSupport.OK;
        }
        Command command = command(args[0]);
        if (command == null) {
            err.println(
                    args[0].startsWith("-")
                            ? "Unknown option: '" + args[0] + "'"
                            : "Unknown command: '" + args[0] + "'");
            usage(err);
            return RunSupport.INVALID;
        }
        Invocation in;
        try {
            in = Invocation.parse(command.spec(), Arrays.asList(args).subList(1, args.length), out, err);
        } catch (UsageException e) {
            err.println(e.getMessage());
            command.spec().usage(err);
            return RunSupport.INVALID;
        }
        if (stdin != null) {
            in.input(stdin);
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
        for (String name : COMMANDS) {
            rows.add(new String[] {"  " + name, command(name).spec().description()});
        }
        CommandSpec.printRows(out, rows);
        out.println("Run 'hetumind COMMAND --help' for a command's options.");
        out.flush();
    }
}
