package io.hetumind.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hetumind list}: the studio's workflows, newest first (every page, or {@code --limit}). */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the workflows in the studio.")
final class ListCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--name", description = "only names containing this (case-insensitive)")
    String name;

    @Option(names = "--tag", description = "only workflows with this tag")
    String tag;

    @Option(names = "--active", description = "only active (true) or inactive (false) workflows")
    Boolean active;

    @Option(names = "--limit", defaultValue = "1000", description = "at most this many (default 1000)")
    int limit;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        StudioApi api = new StudioApi(StudioSession.current());
        StringBuilder q = new StringBuilder("?limit=" + Math.min(200, Math.max(1, limit)));
        if (name != null) {
            q.append("&name=").append(URLEncoder.encode(name, StandardCharsets.UTF_8));
        }
        if (tag != null) {
            q.append("&tag=").append(URLEncoder.encode(tag, StandardCharsets.UTF_8));
        }
        if (active != null) {
            q.append("&active=").append(active);
        }
        out.printf("%-36s  %-7s  %-6s  %s%n", "ID", "VERSION", "ACTIVE", "NAME");
        int shown = 0;
        String cursor = null;
        do {
            JsonNode page = api.get("/workflows" + q + (cursor == null ? "" : "&cursor=" + cursor));
            for (JsonNode w : page.path("items")) {
                if (shown++ >= limit) {
                    return RunSupport.OK;
                }
                out.printf(
                        "%-36s  %-7d  %-6s  %s%s%n",
                        w.path("id").asText(),
                        w.path("version").asInt(),
                        w.path("active").asBoolean() ? "yes" : "no",
                        w.path("name").asText(),
                        w.path("tags").isEmpty() ? "" : "  " + w.path("tags"));
            }
            cursor = page.path("nextCursor").isTextual()
                    ? page.path("nextCursor").asText()
                    : null;
        } while (cursor != null);
        return RunSupport.OK;
    }
}
