package io.hetumind.studio.catalog;

import io.hetumind.platform.security.Caller;
import io.hetumind.platform.security.Permission;
import io.hetumind.sdk.plugin.LoadedPlugin;
import io.hetumind.sdk.plugin.PluginReload;
import io.hetumind.sdk.plugin.Plugins;
import io.hetumind.sdk.plugin.RefusedPlugin;
import io.hetumind.studio.engine.PluginReloadNotices;
import io.hetumind.studio.engine.PluginReloads;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * The node plugins of this replica, for instance administrators: what is in service and what was refused, and
 * reloading the plugins directory without a restart, here and then (by a notice) on every other studio process.
 */
@Path("/api/v1/plugins")
@Produces(MediaType.APPLICATION_JSON)
public class PluginResource {
    private final PluginReloads reloads;
    private final PluginReloadNotices notices;
    private final Caller caller;

    public PluginResource(PluginReloads reloads, PluginReloadNotices notices, Caller caller) {
        this.reloads = reloads;
        this.notices = notices;
        this.caller = caller;
    }

    /** A plugin in service. */
    public record PluginView(
            String plugin,
            String name,
            String version,
            String jar,
            List<String> nodeTypes,
            int listeners,
            String permissions) {
        static PluginView of(LoadedPlugin p) {
            return new PluginView(
                    p.label(),
                    p.manifest().name(),
                    p.manifest().version(),
                    p.jar().getFileName().toString(),
                    p.nodeTypes().stream()
                            .map(t -> t.descriptor().type())
                            .sorted()
                            .toList(),
                    p.listeners().size(),
                    p.manifest().permissions().summary());
        }
    }

    /** A jar that was refused, why, and which version serves instead (null: none). */
    public record RefusedView(String jar, String plugin, String reason, String stillServing) {
        static RefusedView of(RefusedPlugin r, String stillServing) {
            return new RefusedView(r.jar().getFileName().toString(), r.plugin(), r.reason(), stillServing);
        }
    }

    /** Everything in service and refused. */
    public record PluginsView(String dir, List<PluginView> loaded, List<RefusedView> refused) {}

    /** A plugin that was loaded by a reload, and the one it replaced (null: a new plugin). */
    public record LoadedView(PluginView plugin, String replaces) {}

    /** A plugin that a reload took out of service; it is destroyed once its runs in flight have ended. */
    public record UnloadedView(String plugin, String jar, String replacedBy, int runsInFlight) {}

    /**
     * What one reload did on this replica, and whether the other studio processes were told to reload theirs
     * ({@code broadcast}; each reports its own outcome in its log, metrics and {@code GET /api/v1/plugins}).
     */
    public record ReloadView(
            boolean broadcast,
            boolean changed,
            List<LoadedView> loaded,
            List<UnloadedView> unloaded,
            List<String> kept,
            List<RefusedView> refused) {}

    @GET
    public PluginsView list() {
        caller.require(Permission.INSTANCE_ADMIN);
        Plugins now = reloads.plugins().current();
        java.nio.file.Path dir = reloads.plugins().dir();
        return new PluginsView(
                dir == null ? null : dir.toString(),
                now.loaded().stream().map(PluginView::of).toList(),
                now.refused().stream().map(r -> RefusedView.of(r, null)).toList());
    }

    @POST
    @Path("reload")
    public ReloadView reload() {
        caller.require(Permission.INSTANCE_ADMIN);
        PluginReload r = reloads.reload(PluginReloads.Source.REQUEST);
        boolean broadcast = notices.announce();
        return new ReloadView(
                broadcast,
                !r.nothingChanged(),
                r.loaded().stream()
                        .map(l -> new LoadedView(PluginView.of(l.plugin()), l.replaces()))
                        .toList(),
                r.unloaded().stream()
                        .map(u -> new UnloadedView(
                                u.plugin().label(),
                                u.plugin().jar().getFileName().toString(),
                                u.replacedBy(),
                                u.runsInFlight()))
                        .toList(),
                r.kept().stream().map(LoadedPlugin::label).toList(),
                r.refused().stream()
                        .map(f -> RefusedView.of(f.refusal(), f.stillServing()))
                        .toList());
    }
}
