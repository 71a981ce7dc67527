package io.hetumind.core.spi;

import java.util.ArrayList;
import java.util.List;

/**
 * Where each node type lives: its type id, aliases and implementing class, as one line each. A registry built
 * from an index ({@link NodeRegistry#lazy}) creates a node type, and checks its descriptor, only when a workflow
 * asks for it, so a short-lived process (the CLI) does not pay for every node's descriptor and static set-up.
 * An index is only a hint: a type it does not list, or a class that no longer declares what it says, makes the
 * registry load every node type as {@link NodeRegistry#load} does.
 */
public record NodeIndex(List<Entry> entries) {

    /** One node type: its id, its aliases and the provider class {@link java.util.ServiceLoader} lists. */
    public record Entry(String type, List<String> aliases, String className) {
        public Entry {
            aliases = List.copyOf(aliases);
        }
    }

    public NodeIndex {
        entries = List.copyOf(entries);
    }

    /** The index of every type in {@code registry} (it loads them all). */
    public static NodeIndex of(NodeRegistry registry) {
        List<Entry> entries = new ArrayList<>();
        for (NodeType t : registry.all()) {
            NodeDescriptor d = t.descriptor();
            entries.add(new Entry(d.type(), d.aliases(), t.getClass().getName()));
        }
        return new NodeIndex(entries);
    }

    /** One line per type: {@code type TAB class TAB alias,alias}. */
    public String write() {
        StringBuilder out = new StringBuilder();
        for (Entry e : entries) {
            out.append(e.type())
                    .append('\t')
                    .append(e.className())
                    .append('\t')
                    .append(String.join(",", e.aliases()))
                    .append('\n');
        }
        return out.toString();
    }

    /** Reads what {@link #write} wrote; a malformed line fails with {@link IllegalArgumentException}. */
    public static NodeIndex parse(String text) {
        List<Entry> entries = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f.length != 3 || f[0].isEmpty() || f[1].isEmpty()) {
                throw new IllegalArgumentException("not a node index line: " + line);
            }
            entries.add(new Entry(f[0], f[2].isEmpty() ? List.of() : List.of(f[2].split(",")), f[1]));
        }
        return new NodeIndex(entries);
    }
}
