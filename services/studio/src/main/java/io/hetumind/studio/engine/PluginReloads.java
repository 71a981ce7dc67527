package io.hetumind.studio.engine;

import io.hetumind.core.spi.NodeType;
import io.hetumind.sdk.plugin.LivePlugins;
import io.hetumind.sdk.plugin.LoadedPlugin;
import io.hetumind.sdk.plugin.PluginReload;
import io.hetumind.studio.trigger.ListenerHost;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * Reloads the node plugins of this replica ({@link LivePlugins#reload}) and brings the studio along: prepared workflows
 * are prepared again with the node types in service now, listening triggers of the plugins that changed are reopened
 * with the new code, each change is logged, and {@code hetumind.plugins.reloads} counts reloads by outcome
 * ({@code unchanged}, {@code changed}, {@code refused} when a jar was refused, {@code failed}) and {@link Source}.
 */
@ApplicationScoped
public class PluginReloads {
    private static final Logger LOG = Logger.getLogger(PluginReloads.class);

    private final LivePlugins plugins;
    private final PreparedWorkflows prepared;
    private final ListenerHost listeners;
    private final MeterRegistry meters;

    public PluginReloads(
            LivePlugins plugins, PreparedWorkflows prepared, ListenerHost listeners, MeterRegistry meters) {
        this.plugins = plugins;
        this.prepared = prepared;
        this.listeners = listeners;
        this.meters = meters;
    }

    /** What asked for a reload: the metric's {@code source} tag and the log's words. */
    public enum Source {
        /** {@code POST /api/v1/plugins/reload} on this replica. */
        REQUEST("request", ""),
        /** Another studio process's notice ({@link PluginReloadNotices}). */
        NOTICE("notice", " (asked by another studio process)"),
        /** The LISTEN connection came back: notices sent while it was down are lost, so look again. */
        RECONNECT("reconnect", " (after the LISTEN connection came back)");

        private final String tag;
        private final String says;

        Source(String tag, String says) {
            this.tag = tag;
            this.says = says;
        }

        public String tag() {
            return tag;
        }
    }

    /** The plugins in service now. */
    public LivePlugins plugins() {
        return plugins;
    }

    /** Applies what changed in the plugins directory; see {@link LivePlugins#reload}. */
    public synchronized PluginReload reload(Source source) {
        PluginReload r;
        try {
            r = plugins.reload();
        } catch (RuntimeException e) {
            count("failed", source);
            LOG.errorf("node plugin reload%s failed, the plugins in service stay: %s", source.says, e.getMessage());
            throw e;
        }
        if (r.nothingChanged()) {
            count("unchanged", source);
            LOG.infof("node plugin reload%s: nothing changed in %s", source.says, plugins.dir());
            return r;
        }
        LOG.infof(
                "node plugin reload%s: %d loaded, %d unloaded, %d refused",
                source.says, r.loaded().size(), r.unloaded().size(), r.refused().size());
        Set<String> types = new TreeSet<>();
        for (PluginReload.Loaded l : r.loaded()) {
            types.addAll(typeIds(l.plugin()));
            LOG.infof(
                    "node plugin %s loaded from %s%s: %d node type(s), %d listener(s), permissions: %s",
                    l.plugin().label(),
                    l.plugin().jar(),
                    l.replaces() == null ? "" : " in place of " + l.replaces(),
                    l.plugin().nodeTypes().size(),
                    l.plugin().listeners().size(),
                    l.plugin().manifest().permissions().summary());
        }
        for (PluginReload.Unloaded u : r.unloaded()) {
            types.addAll(typeIds(u.plugin()));
            String label = u.plugin().label();
            LOG.infof(
                    "node plugin %s unloaded (%s)%s",
                    label,
                    u.replacedBy() == null ? "its jar was removed" : "replaced by " + u.replacedBy(),
                    u.runsInFlight() == 0
                            ? ""
                            : "; " + u.runsInFlight() + " run(s) in flight finish on it, it is destroyed after them");
            u.destroyed().whenComplete((problems, e) -> {
                if (problems != null) {
                    problems.forEach(p -> LOG.warnf("node plugin unload: %s", p));
                }
                LOG.infof("node plugin %s destroyed", label);
            });
        }
        for (PluginReload.Refused f : r.refused()) {
            LOG.errorf(
                    "node plugin refused: %s%s",
                    f.refusal().message(),
                    f.stillServing() == null ? "" : "; " + f.stillServing() + " stays in service");
        }
        if (!r.loaded().isEmpty() || !r.unloaded().isEmpty()) {
            prepared.forgetAll();
            int reopened = listeners.reopen(types);
            if (reopened > 0) {
                LOG.infof("node plugin reload: %d listening trigger(s) reopened", reopened);
            }
        }
        count(r.refused().isEmpty() ? "changed" : "refused", source);
        return r;
    }

    private void count(String outcome, Source source) {
        Counter.builder("hetumind.plugins.reloads")
                .tag("outcome", outcome)
                .tag("source", source.tag)
                .description("node plugin reloads by outcome")
                .register(meters)
                .increment();
    }

    private static Set<String> typeIds(LoadedPlugin p) {
        Set<String> out = new TreeSet<>();
        for (NodeType t : p.nodeTypes()) {
            out.add(t.descriptor().type());
        }
        return out;
    }
}
