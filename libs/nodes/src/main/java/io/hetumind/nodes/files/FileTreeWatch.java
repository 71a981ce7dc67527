package io.hetumind.nodes.files;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A folder (or one file) watched as chokidar 4.0.3 — behind n8n's Local File Trigger — reports it: {@code add},
 * {@code change}, {@code unlink}, {@code addDir}, {@code unlinkDir}, each with the path under the watched path as
 * given. The tree is kept as it was last seen, and each folder is read again when the system reports something in
 * it (inotify through {@link WatchService}), or every 100 ms with polling; what differs from the kept tree is the
 * event, so bursts and lost notifications still come out as what changed. Kept from chokidar: a new folder's
 * contents are added too; a removed folder's files and folders are unlinked before it; {@code depth} bounds which
 * folders' contents are watched (0: the folder's own entries); ignored paths are neither reported nor entered; with
 * {@code atomic} (on unless polling) editors' swap files are ignored and an unlink followed within 100 ms by an add
 * of the same path is one change; a file's changes are reported at most once per 50 ms; with awaitWriteFinish an add
 * or change is reported once the size held for 2 s (polled every 100 ms), and the path's other events meanwhile are
 * swallowed. A link is followed only when {@code followSymlinks} and it leads inside {@code confine}; otherwise it
 * is an entry like a file; a followed link to a folder already watched is reported but not entered again.
 */
final class FileTreeWatch implements AutoCloseable {

    /** chokidar's options as n8n sets them; {@code ignored} tests a reported path; {@code depth} -1 is unlimited. */
    record Options(
            java.util.function.Predicate<String> ignored,
            boolean ignoreInitial,
            boolean followSymlinks,
            int depth,
            boolean usePolling,
            boolean awaitWriteFinish) {}

    interface Sink {
        void event(String event, String path) throws InterruptedException;
    }

    private static final Pattern SWAP_FILE = Pattern.compile("\\..*\\.(sw[px])$|~$|\\.subl.*\\.tmp");
    private static final long POLL_MS = 100;
    private static final long ATOMIC_MS = 100;
    private static final long CHANGE_THROTTLE_MS = 50;
    private static final long STABILITY_MS = 2_000;

    private record Entry(boolean dir, long modified, long size) {}

    private record Pending(String event, long size, long since) {}

    private final Path root;
    private final Path onlyFile;
    private final Path confine;
    private final Options options;
    private final Set<String> events;
    private final Sink sink;
    /** Each watched folder's entries, by folder; a folder is here once its contents are watched. */
    private final Map<Path, Map<Path, Entry>> folders = new HashMap<>();

    private final Map<Path, Integer> levels = new HashMap<>();
    /** The real paths of the watched folders, by watched path: a link back to one of them is not entered again. */
    private final Map<Path, Path> realFolders = new HashMap<>();

    private final Map<WatchKey, Path> keys = new HashMap<>();
    private final Map<Path, Long> pendingUnlinks = new LinkedHashMap<>();
    private final Map<Path, Long> lastChange = new HashMap<>();
    private final Map<Path, Pending> pendingWrites = new LinkedHashMap<>();
    private final WatchService service;
    private volatile boolean closed;
    /** Whether the first read is done: chokidar awaits write finish only after it ("ready"). */
    private boolean ready;

    /**
     * Watches folder {@code root}, or with {@code onlyFile} that file in folder {@code root}; reports {@code events}
     * (chokidar names) to {@code sink} from {@link #run}.
     */
    FileTreeWatch(Path root, Path onlyFile, Path confine, Options options, Set<String> events, Sink sink)
            throws IOException, InterruptedException {
        this.root = root;
        this.onlyFile = onlyFile;
        this.confine = confine;
        this.options = options;
        this.events = events;
        this.sink = sink;
        this.service = options.usePolling() ? null : FileSystems.getDefault().newWatchService();
        try {
            if (onlyFile == null && !options.ignoreInitial()) {
                report("addDir", root);
            }
            watch(root, 0);
            sync(root, !options.ignoreInitial());
        } catch (IOException | RuntimeException | InterruptedException e) {
            close();
            throw e;
        }
    }

    /** Reports events until closed or interrupted; an {@link IOException} means the watched folder went away. */
    void run() throws IOException, InterruptedException {
        ready = true;
        while (!closed) {
            if (service == null) {
                Thread.sleep(POLL_MS);
                for (Path folder : new ArrayList<>(folders.keySet())) {
                    if (folders.containsKey(folder)) {
                        sync(folder, true);
                    }
                }
            } else {
                WatchKey key;
                try {
                    key = service.poll(POLL_MS, TimeUnit.MILLISECONDS);
                } catch (ClosedWatchServiceException e) {
                    return;
                }
                while (key != null) {
                    boolean overflow =
                            key.pollEvents().stream().anyMatch(e -> e.kind() == StandardWatchEventKinds.OVERFLOW);
                    Path folder = keys.get(key);
                    key.reset();
                    if (overflow) {
                        for (Path f : new ArrayList<>(folders.keySet())) {
                            if (folders.containsKey(f)) {
                                sync(f, true);
                            }
                        }
                    } else if (folder != null && folders.containsKey(folder)) {
                        sync(folder, true);
                    }
                    key = service.poll();
                }
            }
            if (!Files.isDirectory(root)) {
                sync(root, true);
                flushUnlinks();
                throw new IOException("the folder " + root + " is gone");
            }
            flushTimers();
        }
    }

    @Override
    public void close() {
        closed = true;
        if (service != null) {
            try {
                service.close();
            } catch (IOException e) {
                // closing releases the watches either way
            }
        }
    }

    private void watch(Path folder, int level) throws IOException {
        folders.put(folder, new TreeMap<>());
        levels.put(folder, level);
        realFolders.put(folder, folder.toRealPath());
        if (service != null) {
            keys.put(
                    folder.register(
                            service,
                            StandardWatchEventKinds.ENTRY_CREATE,
                            StandardWatchEventKinds.ENTRY_DELETE,
                            StandardWatchEventKinds.ENTRY_MODIFY),
                    folder);
        }
    }

    /** Reads {@code folder} again and reports what differs from what was kept of it. */
    private void sync(Path folder, boolean reportAdds) throws IOException, InterruptedException {
        Map<Path, Entry> before = folders.get(folder);
        Map<Path, Entry> now = read(folder);
        for (Path gone : new ArrayList<>(before.keySet())) {
            Entry was = before.get(gone);
            Entry is = now.get(gone);
            if (is == null || is.dir() != was.dir()) {
                removed(gone, was);
                before.remove(gone);
            }
        }
        int level = levels.get(folder);
        for (Map.Entry<Path, Entry> e : now.entrySet()) {
            Path path = e.getKey();
            Entry is = e.getValue();
            Entry was = before.put(path, is);
            if (was == null) {
                if (is.dir()) {
                    if (reportAdds) {
                        report("addDir", path);
                    }
                    if ((options.depth() < 0 || level + 1 <= options.depth()) && !loop(path)) {
                        watch(path, level + 1);
                        sync(path, reportAdds);
                    }
                } else if (reportAdds) {
                    report("add", path);
                }
            } else if (!is.dir() && (is.modified() != was.modified() || is.size() != was.size())) {
                report("change", path);
            }
        }
    }

    /** Whether {@code folder} is a followed link to a folder already watched (chokidar does not loop either). */
    private boolean loop(Path folder) {
        try {
            return realFolders.containsValue(folder.toRealPath());
        } catch (IOException e) {
            return true;
        }
    }

    /** A folder's entries now, without the ignored ones (and, watching one file, only that file). */
    private Map<Path, Entry> read(Path folder) throws IOException {
        Map<Path, Entry> out = new TreeMap<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(folder)) {
            for (Path child : children) {
                if ((onlyFile != null && !child.equals(onlyFile)) || ignored(child)) {
                    continue;
                }
                try {
                    BasicFileAttributes a =
                            Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    if (a.isSymbolicLink()
                            && options.followSymlinks()
                            && child.toRealPath().startsWith(confine)) {
                        a = Files.readAttributes(child, BasicFileAttributes.class);
                    }
                    out.put(
                            child,
                            new Entry(a.isDirectory(), a.lastModifiedTime().to(TimeUnit.NANOSECONDS), a.size()));
                } catch (NoSuchFileException e) {
                    // gone while reading, or a link to nothing: as chokidar, not an entry
                }
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            // the folder itself is gone: all it held is removed
        }
        return out;
    }

    private boolean ignored(Path path) {
        String p = path.toString();
        return (service != null && SWAP_FILE.matcher(p).find())
                || options.ignored().test(p);
    }

    /** Reports a removed entry: a folder's contents first (deepest first), then the folder. */
    private void removed(Path path, Entry was) throws InterruptedException {
        if (was.dir()) {
            Map<Path, Entry> inside = folders.remove(path);
            levels.remove(path);
            realFolders.remove(path);
            keys.entrySet().removeIf(k -> {
                if (k.getValue().equals(path)) {
                    k.getKey().cancel();
                    return true;
                }
                return false;
            });
            if (inside != null) {
                for (Map.Entry<Path, Entry> e : inside.entrySet()) {
                    removed(e.getKey(), e.getValue());
                }
            }
            report("unlinkDir", path);
        } else {
            lastChange.remove(path);
            report("unlink", path);
        }
    }

    /** chokidar's {@code _emit}: pending writes, atomic unlinks, the change throttle. */
    private void report(String event, Path path) throws InterruptedException {
        long now = System.nanoTime() / 1_000_000;
        Pending pw = pendingWrites.get(path);
        if (options.awaitWriteFinish() && pw != null) {
            pendingWrites.put(path, new Pending(pw.event(), pw.size(), now));
            return;
        }
        if (service != null) {
            if (event.equals("unlink")) {
                pendingUnlinks.put(path, now + ATOMIC_MS);
                return;
            }
            if (event.equals("add") && pendingUnlinks.remove(path) != null) {
                event = "change";
            }
        }
        if (options.awaitWriteFinish() && (event.equals("add") || event.equals("change")) && ready) {
            pendingWrites.put(path, new Pending(event, size(path), now));
            return;
        }
        if (event.equals("change")) {
            Long last = lastChange.get(path);
            if (last != null && now - last < CHANGE_THROTTLE_MS) {
                return;
            }
            lastChange.put(path, now);
        }
        if (events.contains(event)) {
            sink.event(event, path.toString());
        }
    }

    /** Due atomic unlinks, and writes whose size held long enough (or whose file went: nothing). */
    private void flushTimers() throws InterruptedException {
        long now = System.nanoTime() / 1_000_000;
        if (pendingUnlinks.values().stream().anyMatch(due -> due <= now)) {
            // chokidar's timer flushes every pending unlink when the first is due
            flushUnlinks();
        }
        for (Path p : new ArrayList<>(pendingWrites.keySet())) {
            Pending pw = pendingWrites.get(p);
            long size = size(p);
            if (size < 0) {
                pendingWrites.remove(p);
            } else if (size != pw.size()) {
                pendingWrites.put(p, new Pending(pw.event(), size, now));
            } else if (now - pw.since() >= STABILITY_MS) {
                pendingWrites.remove(p);
                if (events.contains(pw.event())) {
                    sink.event(pw.event(), p.toString());
                }
            }
        }
    }

    private void flushUnlinks() throws InterruptedException {
        List<Path> due = new ArrayList<>(pendingUnlinks.keySet());
        pendingUnlinks.clear();
        for (Path p : due) {
            if (events.contains("unlink")) {
                sink.event("unlink", p.toString());
            }
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }
}
