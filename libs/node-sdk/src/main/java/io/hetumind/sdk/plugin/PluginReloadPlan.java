package io.hetumind.sdk.plugin;

import io.hetumind.core.spi.NodeRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a reload has to do, from the plugins in service and the directory as it is now: which plugins stay as they are
 * (their jar and configuration unchanged), which refused jars stay refused (unchanged), and which jars to try (new or
 * changed). {@link #apply} tries them one at a time in file-name order against the plugins as they stand after the
 * jars before: a jar gone takes its plugin out first (unless a jar left declares the same name), a jar tried at the
 * path or under the name of a plugin in service replaces it when it is accepted and leaves it in service when refused.
 */
final class PluginReloadPlan {

    private final Plugins before;
    private final Map<Path, JarPrint> scans;
    private final List<LoadedPlugin> affected;
    private final List<RefusedPlugin> stillRefused;
    private final List<Path> candidates;

    /** What applying the plan came to. */
    record Outcome(
            PluginReload report, List<LoadedPlugin> serving, List<RefusedPlugin> refused, Map<Path, String> prints) {}

    private PluginReloadPlan(
            Plugins before,
            Map<Path, JarPrint> scans,
            List<LoadedPlugin> affected,
            List<RefusedPlugin> stillRefused,
            List<Path> candidates) {
        this.before = before;
        this.scans = scans;
        this.affected = affected;
        this.stillRefused = stillRefused;
        this.candidates = candidates;
    }

    static PluginReloadPlan make(
            Plugins before, Path dir, Map<LoadedPlugin, String> loadedPrints, Map<Path, String> refusedPrints) {
        Map<Path, JarPrint> scans = new LinkedHashMap<>();
        for (Path jar : PluginLoader.jars(dir)) {
            scans.put(jar, JarPrint.of(jar));
        }
        List<LoadedPlugin> affected = new ArrayList<>();
        List<LoadedPlugin> unchanged = new ArrayList<>();
        for (LoadedPlugin p : before.loaded()) {
            JarPrint now = scans.get(p.jar());
            (now != null && now.print().equals(loadedPrints.get(p)) ? unchanged : affected).add(p);
        }
        Set<Path> serving = unchanged.stream().map(LoadedPlugin::jar).collect(Collectors.toSet());
        Map<Path, RefusedPlugin> refusedByJar = new HashMap<>();
        before.refused().forEach(r -> refusedByJar.put(r.jar(), r));
        List<RefusedPlugin> stillRefused = new ArrayList<>();
        List<Path> candidates = new ArrayList<>();
        for (var e : scans.entrySet()) {
            Path jar = e.getKey();
            if (serving.contains(jar)) {
                continue;
            }
            RefusedPlugin r = refusedByJar.get(jar);
            if (r != null && e.getValue().print().equals(refusedPrints.get(jar))) {
                stillRefused.add(r);
            } else {
                candidates.add(jar);
            }
        }
        return new PluginReloadPlan(before, scans, affected, stillRefused, candidates);
    }

    Outcome apply(NodeRegistry builtIns, ClassLoader parent, Duration hookTimeout) {
        List<LoadedPlugin> serving = new ArrayList<>(before.loaded());
        Map<String, String> taken = PluginLoader.claims(builtIns);
        serving.forEach(p -> PluginLoader.claim(taken, p));
        List<PluginReload.Unloaded> unloaded = new ArrayList<>();
        List<PluginReload.Loaded> loaded = new ArrayList<>();
        List<PluginReload.Refused> refused = new ArrayList<>();

        // a jar gone takes its plugin out first, unless a jar still there declares that name (its new version)
        Set<String> declared = new java.util.HashSet<>();
        candidates.forEach(j -> add(declared, scans.get(j).name()));
        stillRefused.forEach(r -> add(declared, scans.get(r.jar()).name()));
        for (LoadedPlugin p : affected) {
            if (!Files.exists(p.jar()) && !declared.contains(p.manifest().name())) {
                serving.remove(p);
                PluginLoader.unclaim(taken, p);
                unloaded.add(new PluginReload.Unloaded(p, null, 0, null));
            }
        }
        List<LoadedPlugin> replaced = new ArrayList<>();
        for (Path jar : candidates) {
            LoadedPlugin previous = predecessor(jar, serving, replaced);
            List<LoadedPlugin> others = new ArrayList<>(serving);
            if (previous != null) {
                others.remove(previous);
                PluginLoader.unclaim(taken, previous);
            }
            try {
                LoadedPlugin next = PluginLoader.loadOne(jar, parent, taken, others, hookTimeout);
                PluginLoader.claim(taken, next);
                if (previous != null) {
                    serving.set(serving.indexOf(previous), next);
                    replaced.add(previous);
                    unloaded.add(new PluginReload.Unloaded(previous, next.label(), 0, null));
                } else {
                    serving.add(next);
                }
                loaded.add(new PluginReload.Loaded(next, previous == null ? null : previous.label()));
            } catch (PluginRefusedException e) {
                if (previous != null) {
                    PluginLoader.claim(taken, previous);
                }
                refused.add(new PluginReload.Refused(
                        new RefusedPlugin(jar, e.plugin(), e.getMessage()),
                        previous == null ? null : previous.label()));
            }
        }
        serving.sort(Comparator.comparing(LoadedPlugin::jar));
        List<RefusedPlugin> allRefused = new ArrayList<>(stillRefused);
        refused.forEach(r -> allRefused.add(r.refusal()));
        allRefused.sort(Comparator.comparing(RefusedPlugin::jar));
        Map<Path, String> prints = new HashMap<>();
        scans.forEach((jar, s) -> prints.put(jar, s.print()));
        List<LoadedPlugin> kept = serving.stream()
                .filter(p -> !loaded.stream().anyMatch(l -> l.plugin() == p))
                .toList();
        return new Outcome(new PluginReload(loaded, unloaded, kept, refused), serving, allRefused, prints);
    }

    /**
     * The plugin in service that {@code jar} would replace: the one loaded from that very path (its jar changed), else
     * the one of the name it declares whose own jar is gone; null when it is a new plugin.
     */
    private LoadedPlugin predecessor(Path jar, List<LoadedPlugin> serving, List<LoadedPlugin> replaced) {
        for (LoadedPlugin p : serving) {
            if (p.jar().equals(jar) && affected.contains(p) && !replaced.contains(p)) {
                return p;
            }
        }
        String name = scans.get(jar).name();
        for (LoadedPlugin p : serving) {
            if (p.manifest().name().equals(name)
                    && affected.contains(p)
                    && !replaced.contains(p)
                    && !Files.exists(p.jar())) {
                return p;
            }
        }
        return null;
    }

    private static void add(Set<String> names, String name) {
        if (name != null) {
            names.add(name);
        }
    }
}
