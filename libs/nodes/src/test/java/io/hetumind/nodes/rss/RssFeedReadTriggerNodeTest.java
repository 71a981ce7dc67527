package io.hetumind.nodes.rss;

import static io.hetumind.nodes.NodeTests.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.hetumind.core.engine.Engine;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.engine.RunRequest;
import io.hetumind.core.format.WorkflowFormat;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Node;
import io.hetumind.core.spi.NetworkPolicy;
import io.hetumind.core.spi.trigger.TriggerConfigException;
import io.hetumind.core.spi.trigger.TriggerParams;
import io.hetumind.nodes.TestListenHost;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The RSS Feed Trigger polling a feed over real HTTP, with its state kept by a test host as the studio keeps it. */
class RssFeedReadTriggerNodeTest {

    private static HttpServer server;
    private static String url;
    private static final AtomicReference<String> FEED = new AtomicReference<>();
    private static final DateTimeFormatter RFC = DateTimeFormatter.RFC_1123_DATE_TIME;
    /** The test's "now": item dates must not move between two reads of the same feed. */
    private static final ZonedDateTime NOW = ZonedDateTime.now(ZoneOffset.UTC);

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/feed", ex -> {
            String body = FEED.get();
            byte[] bytes = (body == null ? "gone" : body).getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/rss+xml");
            ex.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(bytes);
            }
        });
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort() + "/feed";
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    /** A feed whose items are dated {@code minutesAgo} before now (negative: in the future), newest first. */
    private static String feed(String... titlesAndMinutesAgo) {
        StringBuilder items = new StringBuilder();
        for (int k = 0; k < titlesAndMinutesAgo.length; k += 2) {
            items.append("<item><title>")
                    .append(titlesAndMinutesAgo[k])
                    .append("</title><pubDate>")
                    .append(RFC.format(NOW.minusMinutes(Long.parseLong(titlesAndMinutesAgo[k + 1]))))
                    .append("</pubDate></item>");
        }
        return "<rss version=\"2.0\"><channel><title>t</title>" + items + "</channel></rss>";
    }

    /** A host as the studio's trigger host; polling never reports the listener broken. */
    static final class Host extends TestListenHost {
        @Override
        public void broken(String reason, Throwable cause) {
            throw new AssertionError("a poll never breaks the listener: " + reason);
        }
    }

    private static List<String> titles(List<Item> items) {
        return items.stream().map(i -> i.json().get("title").asText()).toList();
    }

    @Test
    void aPollStartsARunWithTheItemsNewerThanTheNewestItSaw() throws Exception {
        Host host = new Host();
        FEED.set(feed("b", "10", "a", "20"));
        RssFeedReadTriggerNode.poll(url, NetworkPolicy.allowAll(), host);
        // the first poll only notes the newest date (nothing is newer than the moment of polling)
        assertThat(host.emitted).isEmpty();
        assertThat(host.state.get("lastItemDate").asText()).endsWith("Z");
        String seen = host.state.get("lastItemDate").asText();

        FEED.set(feed("d", "1", "c", "2", "b", "10", "a", "20"));
        RssFeedReadTriggerNode.poll(url, NetworkPolicy.allowAll(), host);
        assertThat(titles(host.emitted.poll())).containsExactly("d", "c");
        assertThat(host.state.get("lastItemDate").asText()).isGreaterThan(seen);
        RssFeedReadTriggerNode.poll(url, NetworkPolicy.allowAll(), host);
        assertThat(host.emitted).isEmpty();

        // a failed read changes nothing and is tried again at the next poll
        ObjectNode before = host.state.deepCopy();
        FEED.set(null);
        RssFeedReadTriggerNode.poll(url, NetworkPolicy.allowAll(), host);
        assertThat(host.emitted).isEmpty();
        assertThat(host.state).isEqualTo(before);

        // an item in the future is newer than now: even a first poll starts a run with it
        Host fresh = new Host();
        FEED.set(feed("later", "-5", "old", "30"));
        RssFeedReadTriggerNode.poll(url, NetworkPolicy.allowAll(), fresh);
        assertThat(titles(fresh.emitted.poll())).containsExactly("later");
    }

    @Test
    void listeningPollsAtItsPollTimesUntilClosed() throws Exception {
        Host host = new Host();
        FEED.set(feed("a", "20"));
        ObjectNode params = json("{'pollTimes':{'item':[{'mode':'custom','cronExpression':'* * * * * *'}]}}")
                .put("feedUrl", url);
        Node node = Node.of("RSS", RssFeedReadTriggerNode.TYPE, 1, params);
        AutoCloseable listener = new RssFeedReadTriggerNode().listen(new TriggerParams(node), host);
        try {
            Thread.sleep(1_500);
            assertThat(host.state).isNotNull();
            FEED.set(feed("new", "-1", "a", "20"));
            assertThat(titles(host.emitted.poll(5, TimeUnit.SECONDS))).containsExactly("new");
        } finally {
            listener.close();
        }
        FEED.set(feed("newer", "-2", "new", "-1", "a", "20"));
        Thread.sleep(1_500);
        assertThat(host.emitted).isEmpty();
    }

    @Test
    void runByHandItGivesTheFeedsFirstItemAndBadSettingsAreNamed() {
        FEED.set(feed("first", "1", "second", "2"));
        String wf = "{\"name\":\"rss\",\"connections\":{},\"nodes\":[{\"name\":\"RSS\",\"type\":"
                + "\"n8n-nodes-base.rssFeedReadTrigger\",\"typeVersion\":1,\"parameters\":{\"feedUrl\":\"" + url
                + "\"}}]}";
        Engine engine = Engine.builder()
                .expressions(io.hetumind.nodes.NodeTests.expressions())
                .build();
        ExecutionResult r = engine.run(engine.prepare(WorkflowFormat.readJson(wf)), RunRequest.defaults());
        assertThat(r.status()).as("%s", r.state().error()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(titles(r.output("RSS", 0))).containsExactly("first");
        Node bad = Node.of(
                "RSS",
                RssFeedReadTriggerNode.TYPE,
                1,
                json("{'feedUrl':'" + url + "','pollTimes':{'item':[{'mode':'custom','cronExpression':'nope'}]}}"));
        assertThatThrownBy(() -> new RssFeedReadTriggerNode().target(new TriggerParams(bad)))
                .isInstanceOf(TriggerConfigException.class)
                .hasMessageContaining("pollTimes.item.0");
    }
}
