package io.hetumind.nodes.files;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Node;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.NodePolicy;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.core.spi.PropertySpec;
import io.hetumind.core.spi.trigger.ListenContext;
import io.hetumind.core.spi.trigger.ListenTrigger;
import io.hetumind.core.spi.trigger.TriggerConfigException;
import io.hetumind.core.spi.trigger.TriggerKind;
import io.hetumind.core.spi.trigger.TriggerParams;
import io.hetumind.core.spi.trigger.TriggerSpec;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Local File Trigger (n8n v1): starts one run per change in a watched file or folder of the host's files directory
 * ({@link FilesDir}), the item being {@code {event, path}}. n8n watches with chokidar 4.0.3; {@link FileTreeWatch}
 * reports what it reports, with n8n's options. Watching a file reports its changes only ({@code change}); watching
 * a folder, the events picked. n8n's Ignore option is read as n8n 2.8 passes it to chokidar 4: with Ignore Mode
 * "Match" the path must equal it (chokidar 4 has no globs any more, whatever the option's text says), and with
 * "Contain" — or no mode set, as an export that left the default has it — a path containing the text is ignored
 * (with no text at all, paths containing {@code undefined}: n8n's {@code x.includes(undefined)}, kept).
 *
 * <p>◆ Confined as the other file nodes: the path (absolute, or relative to the files directory) must lie in the
 * files directory, links leading out of it are not followed, and the instance's local-files switch must allow it;
 * paths are reported absolute (n8n reports a relative watch path relative to its working directory). A folder that
 * does not exist fails the listen (chokidar waits for it; the host retries), and one removed while watched is
 * reported to the host, after its contents' unlink events.
 */
public final class LocalFileTriggerNode implements NodeType, ListenTrigger {

    public static final String TYPE = "hetumind.localFileTrigger";

    private static final List<String> FOLDER_EVENTS = List.of("add", "change", "unlink", "addDir", "unlinkDir");

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder(TYPE)
            .versions(1)
            .displayName("Local File Trigger")
            .description("Triggers a workflow on file system changes")
            .group(NodeGroup.TRIGGER)
            .icon("folder-open")
            .trigger(TriggerSpec.of(
                            TriggerKind.LISTEN,
                            "Watches a file or folder in the files directory and starts the workflow on each change")
                    .with("path", "path"))
            .alias("n8n-nodes-base.localFileTrigger")
            .property(PropertySpec.options("triggerOn")
                    .displayName("Trigger On")
                    .option("file", "Changes to a Specific File")
                    .option("folder", "Changes Involving a Specific Folder")
                    .noDefault() // n8n's default is "", none of the options: the user picks one
                    .required())
            .property(path("file", "File to Watch", "/data/invoices/1.pdf"))
            .property(path("folder", "Folder to Watch", "/data/invoices"))
            .property(PropertySpec.multiOptions("events")
                    .displayName("Watch for")
                    .option("add", "File Added", "Triggers whenever a new file was added")
                    .option("change", "File Changed", "Triggers whenever a file was changed")
                    .option("unlink", "File Deleted", "Triggers whenever a file was deleted")
                    .option("addDir", "Folder Added", "Triggers whenever a new folder was added")
                    .option("unlinkDir", "Folder Deleted", "Triggers whenever a folder was deleted")
                    .defaultValue(Json.array())
                    .required()
                    .description("The events to listen to")
                    .showWhen("triggerOn", "folder"))
            .property(PropertySpec.collection("options")
                    .displayName("Options")
                    .placeholder("Add option")
                    .child(PropertySpec.bool("awaitWriteFinish")
                            .displayName("Await Write Finish")
                            .defaultValue(false)
                            .description("Whether to wait until files finished writing to avoid partially read"))
                    .child(PropertySpec.bool("followSymlinks")
                            .displayName("Include Linked Files/Folders")
                            .defaultValue(true)
                            .description("Whether linked files/folders will also be watched (only links that stay in"
                                    + " the files directory)"))
                    .child(PropertySpec.string("ignored")
                            .displayName("Ignore")
                            .defaultValue("")
                            .placeholder("/data/invoices/skip.txt or ignore-me/subfolder")
                            .description("A path to ignore (Match: the whole path, exactly; Contain: any path that"
                                    + " contains this text)"))
                    .child(PropertySpec.bool("ignoreInitial")
                            .displayName("Ignore Existing Files/Folders")
                            .defaultValue(true)
                            .description("Whether to ignore existing files/folders to not trigger an event"))
                    .child(PropertySpec.options("depth")
                            .displayName("Max Folder Depth")
                            .option(1, "1 Levels Down")
                            .option(2, "2 Levels Down")
                            .option(3, "3 Levels Down")
                            .option(4, "4 Levels Down")
                            .option(5, "5 Levels Down")
                            .option(0, "Top Folder Only")
                            .option(-1, "Unlimited")
                            .defaultValue(-1)
                            .description("How deep into the folder structure to watch for changes"))
                    .child(PropertySpec.bool("usePolling")
                            .displayName("Use Polling")
                            .defaultValue(false)
                            .description("Whether to use polling for watching. Typically necessary to successfully"
                                    + " watch files over a network."))
                    .child(PropertySpec.options("ignoreMode")
                            .displayName("Ignore Mode")
                            .option("match", "Match", "Ignore the path that equals the value")
                            .option("contain", "Contain", "Ignore files if their path contains the specified value")
                            .defaultValue("match")
                            .description("Whether to ignore the path equal to the value or every path containing it")))
            .build();

    /** n8n's two {@code path} parameters, one per Trigger On choice. */
    private static PropertySpec.Builder path(String triggerOn, String label, String placeholder) {
        return PropertySpec.string("path")
                .displayName(label)
                .defaultValue("")
                .placeholder(placeholder)
                .description("Absolute, or relative to the files directory (" + FilesDir.ENV + ")")
                .showWhen("triggerOn", triggerOn);
    }

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /** What the parameters ask for, checked. */
    private record Watch(boolean file, String path, Set<String> events) {}

    private static Watch watch(TriggerParams params) {
        String node = params.node().name();
        String triggerOn = params.string("triggerOn", "");
        if (!triggerOn.equals("file") && !triggerOn.equals("folder")) {
            throw new TriggerConfigException(
                    node, "triggerOn", "Trigger On must be 'file' or 'folder', not '" + triggerOn + "'");
        }
        boolean file = triggerOn.equals("file");
        String path = params.string("path", "");
        if (path.isBlank()) {
            throw new TriggerConfigException(
                    node,
                    "path",
                    "The parameter \"" + (file ? "File to Watch" : "Folder to Watch") + "\" has to be set!");
        }
        Set<String> events = new LinkedHashSet<>();
        if (file) {
            events.add("change");
        } else {
            JsonNode picked = params.tree("events");
            if (picked != null && picked.isArray()) {
                // n8n subscribes to any name given; one chokidar never emits simply never fires
                picked.forEach(e -> events.add(e.asText()));
            }
        }
        return new Watch(file, path, events);
    }

    @Override
    public String target(TriggerParams params) {
        Watch w = watch(params);
        return (w.file() ? "changes to the file " : "changes in the folder ") + w.path();
    }

    @Override
    public NodeResult execute(NodeContext ctx) {
        return passEvent(ctx, "Local File Trigger", "a file event");
    }

    @Override
    public AutoCloseable listen(TriggerParams params, ListenContext ctx) throws IOException, InterruptedException {
        Watch w = watch(params);
        ctx.service(NodePolicy.class)
                .orElse(NodePolicy.allowAll())
                .require(NodePolicy.Capability.LOCAL_FILES, "Local File Trigger");
        FilesDir dir = FilesDir.resolve(ctx.service(FilesDir.class));
        Path confine = dir.realBase();
        Path target = dir.watchable(w.path(), "path");
        Path root;
        Path onlyFile = null;
        if (w.file() && !Files.isDirectory(target)) {
            root = target.getParent();
            onlyFile = target;
            if (root == null || !Files.isDirectory(root)) {
                throw NodeException.user("the folder of the file to watch '" + w.path() + "' does not exist");
            }
        } else {
            root = target;
            if (!Files.isDirectory(root)) {
                throw NodeException.user("the folder to watch '" + w.path() + "' does not exist");
            }
        }
        FileTreeWatch.Options options = options(params, confine);
        Listener listener = new Listener();
        FileTreeWatch.Sink sink = (event, path) -> {
            try {
                ctx.emit(List.of(Item.of(Json.object().put("event", event).put("path", path))));
            } catch (ListenContext.EmitRefusedException e) {
                ctx.log().log(
                        Level.WARNING,
                        "Local File Trigger: the host refused " + event + " " + path + ": " + e.getMessage());
            }
        };
        listener.watch = new FileTreeWatch(root, onlyFile, confine, options, w.events(), sink);
        listener.thread = Thread.ofVirtual()
                .name("local-file-trigger-" + ctx.workflowId())
                .start(() -> {
                    try {
                        listener.watch.run();
                    } catch (InterruptedException e) {
                        return;
                    } catch (IOException | RuntimeException e) {
                        if (!listener.closed) {
                            ctx.broken("Local File Trigger stopped watching " + w.path() + ": " + e.getMessage(), e);
                        }
                    }
                });
        return listener;
    }

    /** n8n's chokidar options from the node's, with chokidar's defaults where n8n leaves one unset. */
    private static FileTreeWatch.Options options(TriggerParams params, Path base) {
        String ignoredText = params.string("options.ignored", "");
        String ignored = ignoredText.isEmpty() ? null : ignoredText;
        Predicate<String> ignore;
        if ("match".equals(params.string("options.ignoreMode", ""))) {
            // chokidar 4: a string is one path, a relative one from the working directory (here the files directory)
            String exact =
                    ignored == null ? null : base.resolve(ignored).normalize().toString();
            ignore = p -> p.equals(exact);
        } else {
            String part = ignored == null ? "undefined" : ignored;
            ignore = p -> p.contains(part);
        }
        int depth = (int) params.number("options.depth", -1);
        return new FileTreeWatch.Options(
                ignore,
                params.bool("options.ignoreInitial", true),
                params.bool("options.followSymlinks", true),
                depth < 0 ? -1 : depth,
                params.bool("options.usePolling", false),
                params.bool("options.awaitWriteFinish", false));
    }

    /** One watch and the thread reporting it. */
    private static final class Listener implements AutoCloseable {
        volatile FileTreeWatch watch;
        volatile Thread thread;
        volatile boolean closed;

        @Override
        public void close() throws InterruptedException {
            closed = true;
            watch.close();
            thread.interrupt();
            thread.join(5_000);
        }
    }

    @Override
    public boolean replaySafe(Node node) {
        return true;
    }

    @Override
    public Optional<NodePolicy.Capability> capability(Node node) {
        return Optional.of(NodePolicy.Capability.LOCAL_FILES);
    }
}
