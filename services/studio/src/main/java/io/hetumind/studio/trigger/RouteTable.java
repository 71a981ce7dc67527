package io.hetumind.studio.trigger;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

/**
 * An immutable snapshot of webhook endpoints by path: static paths in a hash map, paths with {@code :param} segments
 * in a list tried in order of registration. A static path wins over a parameter path that also matches (n8n does the
 * same), so {@code users/me} can live beside {@code users/:id}.
 */
final class RouteTable {
    static final RouteTable EMPTY = new RouteTable(Map.of());

    /** What a request path and method found. */
    sealed interface Lookup {}

    record Found(WebhookEndpoint endpoint, Map<String, String> params) implements Lookup {}

    /** The path is registered, but not for this method. */
    record WrongMethod(List<String> allowed) implements Lookup {}

    record Missing() implements Lookup {}

    private final Map<UUID, List<WebhookEndpoint>> byWorkflow;
    private final Map<String, Map<String, WebhookEndpoint>> fixed = new HashMap<>();
    private final Map<String, Map<String, WebhookEndpoint>> dynamic = new LinkedHashMap<>();

    private RouteTable(Map<UUID, List<WebhookEndpoint>> byWorkflow) {
        this.byWorkflow = byWorkflow;
        for (List<WebhookEndpoint> list : byWorkflow.values()) {
            for (WebhookEndpoint e : list) {
                var target = e.path().dynamic() ? dynamic : fixed;
                target.computeIfAbsent(
                                e.path().dynamic() ? e.path().key() : e.path().path(), k -> new HashMap<>())
                        .put(e.method(), e);
            }
        }
    }

    static RouteTable of(Collection<WebhookEndpoint> endpoints) {
        Map<UUID, List<WebhookEndpoint>> map = new HashMap<>();
        endpoints.forEach(
                e -> map.computeIfAbsent(e.workflowId(), k -> new ArrayList<>()).add(e));
        map.replaceAll((k, v) -> List.copyOf(v));
        return new RouteTable(map);
    }

    /** A copy where {@code workflowId}'s endpoints are {@code endpoints} (none: removed). */
    RouteTable replace(UUID workflowId, List<WebhookEndpoint> endpoints) {
        Map<UUID, List<WebhookEndpoint>> map = new HashMap<>(byWorkflow);
        if (endpoints.isEmpty()) {
            map.remove(workflowId);
        } else {
            map.put(workflowId, List.copyOf(endpoints));
        }
        return new RouteTable(map);
    }

    int size() {
        return byWorkflow.values().stream().mapToInt(List::size).sum();
    }

    List<WebhookEndpoint> of(UUID workflowId) {
        return byWorkflow.getOrDefault(workflowId, List.of());
    }

    /** @param path the request path below the prefix, decoded, without leading or trailing '/' */
    Lookup find(String method, String path) {
        Map<String, WebhookEndpoint> methods = fixed.get(path);
        if (methods != null) {
            WebhookEndpoint e = methods.get(method);
            return e != null ? new Found(e, Map.of()) : new WrongMethod(sorted(methods.keySet()));
        }
        if (dynamic.isEmpty()) {
            return new Missing();
        }
        String[] parts = path.split("/", -1);
        for (Map<String, WebhookEndpoint> candidates : dynamic.values()) {
            WebhookEndpoint any = candidates.values().iterator().next();
            Map<String, String> params = match(any.path().segments(), parts);
            if (params != null) {
                WebhookEndpoint e = candidates.get(method);
                return e != null ? new Found(e, params) : new WrongMethod(sorted(candidates.keySet()));
            }
        }
        return new Missing();
    }

    private static Map<String, String> match(List<String> pattern, String[] parts) {
        if (pattern.size() != parts.length) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < parts.length; i++) {
            String p = pattern.get(i);
            if (p.startsWith(":")) {
                if (parts[i].isEmpty()) {
                    return null;
                }
                params.put(p.substring(1), parts[i]);
            } else if (!p.equals(parts[i])) {
                return null;
            }
        }
        return params;
    }

    private static List<String> sorted(Collection<String> methods) {
        return List.copyOf(new TreeSet<>(methods));
    }
}
