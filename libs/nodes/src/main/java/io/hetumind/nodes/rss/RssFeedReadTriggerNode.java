package io.hetumind.nodes.rss;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Node;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NetworkPolicy;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.core.spi.PropertySpec;
import io.hetumind.core.spi.trigger.ListenContext;
import io.hetumind.core.spi.trigger.ListenTrigger;
import io.hetumind.core.spi.trigger.ScheduleRule;
import io.hetumind.core.spi.trigger.ScheduleTrigger;
import io.hetumind.core.spi.trigger.TriggerConfigException;
import io.hetumind.core.spi.trigger.TriggerKind;
import io.hetumind.core.spi.trigger.TriggerParams;
import io.hetumind.core.spi.trigger.TriggerSpec;
import io.hetumind.nodes.http.HttpCall;
import io.hetumind.nodes.trigger.schedule.CronTriggerNode;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * RSS Feed Trigger (n8n v1, a polling node): at each of its Poll Times it reads the feed and starts one execution with
 * the items newer than the newest one it saw (n8n's {@code lastItemDate}, kept as the trigger's state); the first poll
 * only notes the newest date, unless an item is newer than the moment of polling. Run by hand (or by the CLI) it reads
 * the feed once and gives its first item, as n8n's manual mode does.
 */
public final class RssFeedReadTriggerNode implements NodeType, ListenTrigger {

    public static final String TYPE = "hetumind.rssFeedReadTrigger";

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder(TYPE)
            .versions(1)
            .displayName("RSS Feed Trigger")
            .description("Starts a workflow when an RSS feed is updated")
            .group(NodeGroup.TRIGGER)
            .icon("rss")
            .trigger(TriggerSpec.of(
                            TriggerKind.LISTEN,
                            "Reads the feed at its poll times and starts the workflow"
                                    + " with the items that are new since the last read")
                    .with("feedUrl", "feedUrl"))
            .alias("n8n-nodes-base.rssFeedReadTrigger")
            .property(PropertySpec.fixedCollection("pollTimes")
                    .displayName("Poll Times")
                    .description("Time at which polling should occur")
                    .defaultValue(Json.parse("{\"item\":[{\"mode\":\"everyMinute\"}]}"))
                    .child(CronTriggerNode.triggerTime().displayName("Item")))
            .property(PropertySpec.string("feedUrl")
                    .displayName("Feed URL")
                    .defaultValue("https://blog.n8n.io/rss/")
                    .required()
                    .description("URL of the RSS feed to poll"))
            .build();

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public String target(TriggerParams params) {
        rules(params);
        return "the RSS feed " + feedUrl(params);
    }

    private static String feedUrl(TriggerParams params) {
        String url = params.string("feedUrl", "");
        if (url.isEmpty()) {
            throw new TriggerConfigException(params.node().name(), "feedUrl", "The parameter \"URL\" has to be set!");
        }
        return url;
    }

    private static List<ScheduleRule> rules(TriggerParams params) {
        if (params.tree("pollTimes.item") == null) {
            // n8n's default: every minute
            return List.of(io.hetumind.nodes.trigger.schedule.CronExpression.parse("0 * * * * *"));
        }
        return CronTriggerNode.timesRules(params, "pollTimes.item");
    }

    /**
     * With the items the host started the run with (new feed items), those; run by hand, the feed's first item, as
     * n8n's manual poll returns it.
     */
    @Override
    public NodeResult execute(NodeContext ctx) throws InterruptedException {
        TriggerParams params = new TriggerParams(ctx.node());
        String url;
        try {
            target(params);
            url = feedUrl(params);
        } catch (TriggerConfigException e) {
            throw NodeException.user(e.getMessage());
        }
        // a host's event is the new feed items; a run started by hand gets none (or the engine's one empty item)
        if (ctx.items().stream().anyMatch(i -> !i.json().isEmpty())) {
            return NodeResult.of(ctx.items());
        }
        List<ObjectNode> items = RssFeedReadNode.fetch(
                HttpCall.of(ctx, 0, "RSS Feed Trigger", "GET", url), "application/rss+xml", List.of(), ctx.zone(), 0);
        return NodeResult.of(items.isEmpty() ? List.of() : List.of(Item.of(items.getFirst())));
    }

    @Override
    public AutoCloseable listen(TriggerParams params, ListenContext ctx) {
        List<ScheduleRule> rules = rules(params);
        String url = feedUrl(params);
        NetworkPolicy policy = ctx.service(NetworkPolicy.class).orElseGet(NetworkPolicy::allowAll);
        Thread poller = Thread.ofVirtual()
                .name("rss-trigger-" + ctx.workflowId())
                .start(() -> {
                    try {
                        while (!Thread.currentThread().isInterrupted()) {
                            Optional<ZonedDateTime> next = ScheduleTrigger.next(rules, ZonedDateTime.now(ctx.zone()));
                            if (next.isEmpty()) {
                                return;
                            }
                            Thread.sleep(Math.max(
                                    0,
                                    Duration.between(ZonedDateTime.now(ctx.zone()), next.get())
                                            .toMillis()));
                            poll(url, policy, ctx);
                        }
                    } catch (InterruptedException e) {
                        // closed
                    } catch (RuntimeException e) {
                        // not a failed read (those are logged and retried): the host reopens after a back-off
                        ctx.broken("RSS Feed Trigger stopped polling " + url + ": " + e.getMessage(), e);
                    }
                });
        return () -> {
            poller.interrupt();
            poller.join(5_000);
        };
    }

    /** One poll: n8n's RssFeedReadTrigger.poll with its static data kept as the trigger's state. */
    static void poll(String url, NetworkPolicy policy, ListenContext ctx) throws InterruptedException {
        List<ObjectNode> items;
        try {
            items = RssFeedReadNode.fetch(
                    HttpCall.outsideRun(policy, "RSS Feed Trigger", "GET", url),
                    "application/rss+xml",
                    List.of(),
                    ctx.zone(),
                    0);
        } catch (NodeException e) {
            // the next poll tries again, as n8n's poller does
            ctx.log().log(Level.WARNING, "RSS Feed Trigger: reading " + url + " failed: " + e.getMessage());
            return;
        }
        ObjectNode state = ctx.loadState().map(ObjectNode::deepCopy).orElseGet(Json::object);
        long dateToCheck = state.path("lastItemDate").isTextual()
                ? millis(state.get("lastItemDate").asText())
                : state.path("lastTimeChecked").isTextual()
                        ? millis(state.get("lastTimeChecked").asText())
                        : Instant.now().toEpochMilli();
        List<Item> fresh = new ArrayList<>();
        // an unreadable saved date is NaN in n8n: nothing compares newer
        for (ObjectNode item : dateToCheck == Long.MIN_VALUE ? List.<ObjectNode>of() : items) {
            JsonNode iso = item.get("isoDate");
            if (iso != null && iso.isTextual() && !iso.asText().isEmpty() && millis(iso.asText()) > dateToCheck) {
                fresh.add(Item.of(item));
            }
        }
        if (!items.isEmpty()) {
            // n8n: items.reduce((a, b) => new Date(a.isoDate) > new Date(b.isoDate) ? a : b).isoDate
            ObjectNode newest = items.getFirst();
            for (int k = 1; k < items.size(); k++) {
                ObjectNode b = items.get(k);
                long a = millis(newest.path("isoDate").asText(""));
                long bb = millis(b.path("isoDate").asText(""));
                newest = a != Long.MIN_VALUE && bb != Long.MIN_VALUE && a > bb ? newest : b;
            }
            if (newest.path("isoDate").isTextual()) {
                state.set("lastItemDate", newest.get("isoDate"));
            } else {
                state.remove("lastItemDate");
            }
            ctx.saveState(state);
        }
        if (!fresh.isEmpty()) {
            try {
                ctx.emit(fresh);
            } catch (ListenContext.EmitRefusedException e) {
                ctx.log().log(Level.WARNING, "RSS Feed Trigger: the host refused the new items: " + e.getMessage());
            }
        }
    }

    /** {@code Date.parse} of an ISO instant; {@link Long#MIN_VALUE} (NaN) when unreadable. */
    private static long millis(String iso) {
        try {
            return Instant.parse(iso).toEpochMilli();
        } catch (java.time.format.DateTimeParseException e) {
            return Long.MIN_VALUE;
        }
    }

    /** The CLI runs it straight away: one read, the first item (n8n's manual poll), no wait for new items. */
    @Override
    public boolean pollsWhenRunOnce() {
        return true;
    }

    @Override
    public boolean replaySafe(Node node) {
        return true;
    }
}
