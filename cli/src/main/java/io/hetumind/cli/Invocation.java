package io.hetumind.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One command's parsed arguments and the streams it writes to. Accepts {@code --name value}, {@code --name=value},
 * {@code -o value}, flags (also {@code --flag=false}), and {@code --} before parameters that start with a dash;
 * typed getters turn a bad value into a {@link UsageException} naming the option.
 */
final class Invocation {

    private final CommandSpec spec;
    private final PrintWriter out;
    private final PrintWriter err;
    private final Map<String, String> values = new HashMap<>();
    private final Map<String, List<String>> parameters = new HashMap<>();
    private final Map<String, List<String>> repeated = new HashMap<>();
    private boolean help;
    private boolean version;
    private BufferedReader input;

    private Invocation(CommandSpec spec, PrintWriter out, PrintWriter err) {
        this.spec = spec;
        this.out = out;
        this.err = err;
    }

    /** Parses {@code args} (without the command's name) against {@code spec}. */
    static Invocation parse(CommandSpec spec, List<String> args, PrintWriter out, PrintWriter err) {
        Invocation in = new Invocation(spec, out, err);
        List<String> positional = new ArrayList<>();
        boolean optionsEnded = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (optionsEnded || !arg.startsWith("-") || arg.equals("-")) {
                positional.add(arg);
                continue;
            }
            if (arg.equals("--")) {
                optionsEnded = true;
                continue;
            }
            int eq = arg.indexOf('=');
            String name = eq > 0 ? arg.substring(0, eq) : arg;
            String attached = eq > 0 ? arg.substring(eq + 1) : null;
            if (CommandSpec.HELP.names().contains(name)) {
                in.help = true;
                continue;
            }
            if (CommandSpec.VERSION.names().contains(name)) {
                in.version = true;
                continue;
            }
            CommandSpec.Option option = spec.options().stream()
                    .filter(o -> o.names().contains(name))
                    .findFirst()
                    .orElseThrow(() -> new UsageException("Unknown option: '" + arg + "'"));
            String value;
            if (option.flag()) {
                value = attached == null ? "true" : attached;
                if (!value.equals("true") && !value.equals("false")) {
                    throw new UsageException("Invalid value for option '" + name + "': '" + value
                            + "' is not a boolean (true or false)");
                }
            } else if (attached != null) {
                value = attached;
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new UsageException(
                        "Missing required parameter for option '" + name + "' (" + option.label() + ")");
            }
            if (option.repeatable()) {
                in.repeated
                        .computeIfAbsent(option.longName(), k -> new ArrayList<>())
                        .add(value);
            }
            in.values.put(option.longName(), value);
        }
        if (in.help || in.version) {
            return in; // like any CLI: --help and --version win over everything else on the line
        }
        for (CommandSpec.Option o : spec.options()) {
            if (!in.values.containsKey(o.longName())) {
                if (o.required()) {
                    throw new UsageException("Missing required option: '" + o.synopsis() + "'");
                }
                String fallback = o.fallback() == null ? null : o.fallback().get();
                if (fallback != null) {
                    in.values.put(o.longName(), fallback);
                }
            }
        }
        int next = 0;
        for (CommandSpec.Parameter p : spec.parameters()) {
            int take = p.max() < 0 ? positional.size() - next : Math.min(p.max(), positional.size() - next);
            if (take < p.min()) {
                throw new UsageException("Missing required parameter: '" + p.label() + "'");
            }
            List<String> got = new ArrayList<>(positional.subList(next, next + take));
            if (got.isEmpty() && p.fallback() != null) {
                got.add(p.fallback());
            }
            in.parameters.put(p.label(), got);
            next += take;
        }
        if (next < positional.size()) {
            throw new UsageException("Unmatched argument" + (positional.size() - next > 1 ? "s" : "") + ": '"
                    + String.join("', '", positional.subList(next, positional.size())) + "'");
        }
        return in;
    }

    CommandSpec spec() {
        return spec;
    }

    PrintWriter out() {
        return out;
    }

    /** Standard input (or what a test gives instead), for interactive commands. */
    BufferedReader input() {
        if (input == null) {
            input = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        }
        return input;
    }

    void input(BufferedReader reader) {
        this.input = reader;
    }

    PrintWriter err() {
        return err;
    }

    boolean helpRequested() {
        return help;
    }

    boolean versionRequested() {
        return version;
    }

    /** A flag's value. */
    boolean flag(String name) {
        return Boolean.parseBoolean(values.get(name));
    }

    /** An option's value (or its fallback), null when absent. */
    String string(String name) {
        return values.get(name);
    }

    Path path(String name) {
        String v = values.get(name);
        return v == null ? null : toPath(name, v);
    }

    Integer integer(String name) {
        String v = values.get(name);
        try {
            return v == null ? null : Integer.valueOf(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("Invalid value for option '" + name + "': '" + v + "' is not an int");
        }
    }

    Boolean bool(String name) {
        String v = values.get(name);
        if (v == null) {
            return null;
        }
        if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
            throw new UsageException("Invalid value for option '" + name + "': '" + v + "' is not a boolean");
        }
        return Boolean.valueOf(v);
    }

    <E extends Enum<E>> E enumValue(String name, Class<E> type, E otherwise) {
        String v = values.get(name);
        if (v == null) {
            return otherwise;
        }
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(v)) {
                return e;
            }
        }
        List<String> allowed = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            allowed.add(e.name());
        }
        throw new UsageException(
                "Invalid value for option '" + name + "': expected one of " + allowed + " but was '" + v + "'");
    }

    /** Every value of a repeatable option, in command-line order (empty when not given). */
    List<String> strings(String name) {
        return repeated.getOrDefault(name, List.of());
    }

    /** The positional parameters under {@code label} (empty when none were given). */
    List<String> parameters(String label) {
        return parameters.getOrDefault(label, List.of());
    }

    /** The one positional parameter under {@code label}, or null. */
    String parameter(String label) {
        List<String> p = parameters(label);
        return p.isEmpty() ? null : p.getFirst();
    }

    Path parameterPath(String label) {
        String v = parameter(label);
        return v == null ? null : toPath(label, v);
    }

    private static Path toPath(String name, String v) {
        try {
            return Path.of(v);
        } catch (java.nio.file.InvalidPathException e) {
            throw new UsageException("Invalid value for '" + name + "': " + e.getMessage());
        }
    }
}
