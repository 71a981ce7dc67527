package io.hetumind.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * What one command accepts — its options, positional parameters and description — declared in code, and the help
 * text rendered from it. The CLI's own small parser replaced picocli: picocli's Java 5 bytecode cannot enter the
 * JDK's AOT cache and its reflection over annotations was most of the CLI's start-up time, while every command here
 * needs only flags, options with one value, and positional parameters.
 */
final class CommandSpec {

    /** An option: a flag when {@code label} is null, else it takes one value (a default may come from {@code fallback}). */
    record Option(
            List<String> names,
            String label,
            String description,
            boolean required,
            Supplier<String> fallback,
            boolean repeatable) {
        Option(List<String> names, String label, String description, boolean required, Supplier<String> fallback) {
            this(names, label, description, required, fallback, false);
        }

        boolean flag() {
            return label == null;
        }

        String longName() {
            return names.getLast();
        }

        String synopsis() {
            return flag() ? longName() : longName() + "=" + label + (repeatable ? "..." : "");
        }
    }

    /** Positional parameters under one label, {@code min} to {@code max} of them ({@code max} -1: no limit). */
    record Parameter(String label, String description, int min, int max, String fallback) {}

    static final Option HELP =
            new Option(List.of("-h", "--help"), null, "Show this help message and exit.", false, null);
    static final Option VERSION =
            new Option(List.of("-V", "--version"), null, "Print version information and exit.", false, null);

    private final String name;
    private final String description;
    private final List<Option> options = new ArrayList<>();
    private final List<Parameter> parameters = new ArrayList<>();

    CommandSpec(String name, String description) {
        this.name = name;
        this.description = description;
    }

    String name() {
        return name;
    }

    String description() {
        return description;
    }

    List<Option> options() {
        return options;
    }

    List<Parameter> parameters() {
        return parameters;
    }

    /** A boolean option, false unless given (also {@code --name=true|false}). */
    CommandSpec flag(String description, String... names) {
        options.add(new Option(List.of(names), null, description, false, null));
        return this;
    }

    /** An option with one value, null when not given. */
    CommandSpec option(String label, String description, String... names) {
        options.add(new Option(List.of(names), label, description, false, null));
        return this;
    }

    /** An option that may be given several times, each time with one value. */
    CommandSpec repeatableOption(String label, String description, String... names) {
        options.add(new Option(List.of(names), label, description, false, null, true));
        return this;
    }

    /** An option with one value that must be given. */
    CommandSpec requiredOption(String label, String description, String... names) {
        options.add(new Option(List.of(names), label, description, true, null));
        return this;
    }

    /** An option with one value that takes {@code fallback}'s value (read when parsing) when not given. */
    CommandSpec option(String label, String description, Supplier<String> fallback, String... names) {
        options.add(new Option(List.of(names), label, description, false, fallback));
        return this;
    }

    /** Exactly one positional parameter. */
    CommandSpec parameter(String label, String description) {
        return parameters(label, description, 1, 1, null);
    }

    /** {@code min} to {@code max} positional parameters ({@code max} -1: no limit); {@code fallback} when none. */
    CommandSpec parameters(String label, String description, int min, int max, String fallback) {
        parameters.add(new Parameter(label, description, min, max, fallback));
        return this;
    }

    /** The value of an environment variable, or {@code otherwise} when it is unset or empty. */
    static Supplier<String> env(String variable, String otherwise) {
        return () -> {
            String v = System.getenv(variable);
            return v == null || v.isEmpty() ? otherwise : v;
        };
    }

    /** Prints {@code Usage: hetumind NAME …}, the description, and one line per parameter and option. */
    void usage(PrintWriter out) {
        List<String> words = new ArrayList<>(List.of("[-hV]"));
        for (Option o : options) {
            String s = o.synopsis();
            words.add(o.required() ? s : "[" + s + "]");
        }
        for (Parameter p : parameters) {
            String s = p.max() == 1 ? p.label() : p.label() + "...";
            words.add(p.min() == 0 ? "[" + s + "]" : s);
        }
        String head = "Usage: hetumind " + name;
        StringBuilder line = new StringBuilder(head);
        for (String w : words) {
            if (line.length() + 1 + w.length() > 100) {
                out.println(line);
                line = new StringBuilder(" ".repeat(head.length()));
            }
            line.append(' ').append(w);
        }
        out.println(line);
        out.println(description);
        List<String[]> rows = new ArrayList<>();
        for (Parameter p : parameters) {
            rows.add(new String[] {"      " + p.label(), p.description()});
        }
        for (Option o : options) {
            String shortName = o.names().size() > 1 ? o.names().getFirst() + ", " : "    ";
            rows.add(new String[] {"  " + shortName + o.synopsis(), o.description()});
        }
        for (Option o : List.of(HELP, VERSION)) {
            rows.add(new String[] {"  " + o.names().getFirst() + ", " + o.longName(), o.description()});
        }
        printRows(out, rows);
        out.flush();
    }

    /** Prints two columns, the second aligned after the widest first one. */
    static void printRows(PrintWriter out, List<String[]> rows) {
        int width = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0) + 2;
        for (String[] r : rows) {
            out.println(r[0] + " ".repeat(width - r[0].length()) + r[1]);
        }
    }
}
