package io.hetumind.deploy.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Files an image takes from the build machine's own operating system, which Debian installed from its packages:
 * the C library the Java runtime links (found with {@code ldd}, so exactly what the runtime loads) and, for the task
 * agent, a shell and the core utilities with their libraries. Nothing is downloaded: the images are made of what
 * Maven Central gave the build, the JDK running it, and these files. Which packages they come from is recorded
 * ({@link #packages}) and becomes a label of the image.
 */
public final class HostFiles {

    /** Debian packages that give the agent image {@code /bin/sh} and the commands a job script expects. */
    static final List<String> SHELL_PACKAGES = List.of("dash", "bash", "coreutils");

    private static final Pattern RESOLVED = Pattern.compile("^\\s*(\\S+) => (/\\S+) \\(0x[0-9a-f]+\\)$");
    private static final Pattern LOADER = Pattern.compile("^\\s*(/\\S+) \\(0x[0-9a-f]+\\)$");
    private static final Pattern MISSING = Pattern.compile("^\\s*(\\S+) => not found$");

    private HostFiles() {}

    /**
     * The shared libraries that the ELF files under {@code tree} need and that are not in {@code tree} itself, by the
     * path the dynamic loader finds them at (which is where the image puts them). A library that neither the machine
     * nor the tree has fails the build, naming the file that needs it.
     */
    public static SortedMap<String, Path> librariesOf(Path tree) throws IOException, InterruptedException {
        List<Path> elves;
        try (Stream<Path> all = Files.walk(tree)) {
            elves = all.filter(Files::isRegularFile).filter(HostFiles::isElf).toList();
        }
        return librariesOf(elves, tree);
    }

    /** The shared libraries {@code files} need, except those found by name under {@code own} (null: none). */
    public static SortedMap<String, Path> librariesOf(Collection<Path> files, Path own)
            throws IOException, InterruptedException {
        Set<String> ownNames = new TreeSet<>();
        if (own != null) {
            try (Stream<Path> all = Files.walk(own)) {
                all.filter(Files::isRegularFile)
                        .forEach(p -> ownNames.add(p.getFileName().toString()));
            }
        }
        SortedMap<String, Path> libs = new TreeMap<>();
        List<String> missing = new ArrayList<>();
        for (Path file : files) {
            for (String line : ldd(file).lines().toList()) {
                Matcher m;
                if ((m = RESOLVED.matcher(line)).matches()) {
                    if (!ownNames.contains(m.group(1))) {
                        Path host = Path.of(m.group(2));
                        libs.put(host.toString(), host.toRealPath());
                    }
                } else if ((m = LOADER.matcher(line)).matches()) {
                    Path host = Path.of(m.group(1));
                    libs.put(host.toString(), host.toRealPath());
                } else if ((m = MISSING.matcher(line)).matches() && !ownNames.contains(m.group(1))) {
                    missing.add(file + " needs " + m.group(1));
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new IOException("libraries this machine does not have: " + String.join("; ", missing));
        }
        return libs;
    }

    /**
     * The executables of {@link #SHELL_PACKAGES} by their path in the package ({@code /bin/sh} included: dash's
     * link, resolved), read from dpkg's lists.
     */
    public static SortedMap<String, Path> shellTools() throws IOException, InterruptedException {
        SortedMap<String, Path> tools = new TreeMap<>();
        for (String pkg : SHELL_PACKAGES) {
            for (String path : run("dpkg", "-L", pkg).lines().toList()) {
                if (!(path.startsWith("/bin/") || path.startsWith("/usr/bin/"))) {
                    continue;
                }
                Path host = Path.of(path);
                if (Files.isRegularFile(host) && Files.isExecutable(host)) {
                    tools.put(path, host.toRealPath());
                }
            }
        }
        if (!tools.containsKey("/bin/sh")) {
            throw new IOException("dash does not provide /bin/sh on this machine");
        }
        return tools;
    }

    /**
     * The Debian packages (with their versions) that own {@code paths}, for the image's provenance label; "unknown"
     * where dpkg does not know a file.
     */
    public static SortedMap<String, String> packages(Collection<String> paths)
            throws IOException, InterruptedException {
        SortedMap<String, String> out = new TreeMap<>();
        for (String path : paths) {
            String owner = owner(path);
            if (owner == null && path.startsWith("/usr/")) {
                owner = owner(path.substring("/usr".length())); // merged /usr: dpkg knows the /lib/… name
            }
            if (owner == null) {
                owner = owner(Path.of(path).toRealPath().toString());
            }
            if (owner == null) {
                out.put("unknown:" + path, "");
                continue;
            }
            String version = run("dpkg-query", "-W", "-f=${Version}", owner).strip();
            out.put(owner, version);
        }
        return out;
    }

    private static String owner(String path) throws IOException, InterruptedException {
        Process p =
                new ProcessBuilder("dpkg", "-S", path).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            return null;
        }
        String first =
                out.lines().filter(l -> !l.startsWith("diversion")).findFirst().orElse("");
        int colon = first.indexOf(": ");
        return colon > 0 ? first.substring(0, colon).split(",")[0].strip() : null;
    }

    /** What {@code ldd} prints of {@code file}; nothing for a static executable. */
    private static String ldd(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ldd", file.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("ldd " + file + " did not finish");
        }
        if (p.exitValue() != 0) {
            if (out.contains("not a dynamic executable") || out.contains("statically linked")) {
                return "";
            }
            throw new IOException("ldd " + file + " failed:\n" + out);
        }
        return out;
    }

    static boolean isElf(Path p) {
        try (var in = Files.newInputStream(p)) {
            byte[] magic = in.readNBytes(4);
            return magic.length == 4 && magic[0] == 0x7f && magic[1] == 'E' && magic[2] == 'L' && magic[3] == 'F';
        } catch (IOException e) {
            return false;
        }
    }

    static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed:\n" + out);
        }
        return out;
    }
}
