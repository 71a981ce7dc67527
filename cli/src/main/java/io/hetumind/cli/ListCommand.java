package io.hetumind.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** {@code hetumind list}: the studio's workflows, newest first (every page, or {@code --limit}). */
final class ListCommand implements Command {

    private static final CommandSpec SPEC = new CommandSpec("list", "List the workflows in the studio.")
            .option("TEXT", "only names containing this (case-insensitive)", "--name")
            .option("TAG", "only workflows with this tag", "--tag")
            .flag("only active workflows (--active=false: only inactive ones)", "--active")
            .option("N", "at most this many (default 1000)", "--limit");

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int call(Invocation in) throws Exception {
        String name = in.string("--name");
        String tag = in.string("--tag");
        Boolean active = in.bool("--active");
        Integer limitOption = in.integer("--limit");
        int limit = limitOption == null ? 1000 : limitOption;
        PrintWriter out = in.out();
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
