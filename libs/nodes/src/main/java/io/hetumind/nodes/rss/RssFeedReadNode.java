package io.hetumind.nodes.rss;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.PairedItem;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.core.spi.PropertySpec;
import io.hetumind.nodes.http.HttpCall;
import io.hetumind.nodes.internal.PerItem;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RSS Read (n8n 1, 1.1, 1.2): fetches a feed (RSS 0.9x/1/2 or Atom) and outputs its items as rss-parser 3.13 reads
 * them ({@link RssParser}). Version 1 reads the first input item's URL once; later versions one feed per input item.
 */
public final class RssFeedReadNode implements NodeType {

    public static final String TYPE = "hetumind.rssFeedRead";

    private static final String ACCEPT_1_2 = "application/rss+xml, application/rdf+xml;q=0.8,"
            + " application/atom+xml;q=0.6, application/xml;q=0.4, text/xml;q=0.4";
    private static final Pattern CHARSET = Pattern.compile("(encoding|charset)\\s*=\\s*(\\S+)");

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder(TYPE)
            .versions(1, 1.1, 1.2)
            .displayName("RSS Read")
            .description("Reads data from an RSS Feed")
            .group(NodeGroup.DATA)
            .icon("rss")
            .alias("n8n-nodes-base.rssFeedRead")
            .property(PropertySpec.string("url")
                    .displayName("URL")
                    .defaultValue("")
                    .required()
                    .description("URL of the RSS feed"))
            .property(PropertySpec.collection("options")
                    .displayName("Options")
                    .placeholder("Add option")
                    .child(PropertySpec.string("customFields")
                            .displayName("Custom Fields")
                            .defaultValue("")
                            .description("A comma-separated list of custom fields to include in the output, e.g."
                                    + " \"author, contentSnippet\""))
                    .child(PropertySpec.bool("ignoreSSL")
                            .displayName("Ignore SSL Issues (Insecure)")
                            .description("Whether to ignore SSL/TLS certificate issues or not")))
            .build();

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public NodeResult execute(NodeContext ctx) throws InterruptedException {
        List<Item> items = ctx.items();
        double version = ctx.node().typeVersion();
        // v1 reads once, for the first item, and pairs the feed's items with every input item
        int runs = version >= 1.1 ? items.size() : Math.min(1, items.size());
        List<PairedItem> all = new ArrayList<>();
        for (int k = 0; k < items.size(); k++) {
            all.add(new PairedItem(k, 0));
        }
        List<Item> out = new ArrayList<>();
        for (int i = 0; i < runs && !ctx.canceled(); i++) {
            List<PairedItem> paired = version >= 1.1 ? List.of(new PairedItem(i, 0)) : all;
            try {
                for (ObjectNode json : read(ctx, i, version)) {
                    out.add(Item.of(json).withPairedItems(paired));
                }
            } catch (NodeException e) {
                if (!ctx.continueOnFail()) {
                    throw e;
                }
                out.add(PerItem.errorItem(e.getMessage(), i).withPairedItems(paired));
            }
        }
        return NodeResult.of(out);
    }

    private static List<ObjectNode> read(NodeContext ctx, int i, double version) throws InterruptedException {
        String url = ctx.param("url", i, String.class, "");
        if (url.isEmpty()) {
            throw NodeException.user("The parameter \"URL\" has to be set! [item " + i + "]", i);
        }
        if (!validUrl(url)) {
            throw NodeException.user("The provided \"URL\" is not valid! [item " + i + "]", i);
        }
        List<String> custom = new ArrayList<>();
        String fields = ctx.param("options.customFields", i, String.class, "");
        if (!fields.isEmpty()) {
            for (String f : fields.split(",", -1)) {
                custom.add(f.strip());
            }
        }
        HttpCall call = HttpCall.of(ctx, i, "RSS Read", "GET", url)
                .insecure(ctx.param("options.ignoreSSL", i, Boolean.class, false));
        return fetch(call, version >= 1.2 ? ACCEPT_1_2 : "application/rss+xml", custom, ctx.zone(), i);
    }

    /** rss-parser's parseURL: {@code call} with its headers and bound, then the body read as a feed. */
    static List<ObjectNode> fetch(HttpCall call, String accept, List<String> custom, java.time.ZoneId zone, int i)
            throws InterruptedException {
        HttpCall.Reply reply = call.header("User-Agent", "rss-parser")
                .header("Accept", accept)
                .timeout(Duration.ofSeconds(60))
                .send();
        if (reply.status() >= 300) {
            throw NodeException.operational("Status code " + reply.status() + " [item " + i + "]", null);
        }
        String xml = new String(reply.body(), charset(reply.header("content-type")));
        try {
            return new RssParser(custom, zone).items(xml);
        } catch (Xml2Js.NotXml | RssParser.NotAFeed e) {
            throw NodeException.user(e.getMessage() + " [item " + i + "]", i);
        }
    }

    /** Node's {@code new URL(text)} accepts it: an absolute URL with a scheme. */
    private static boolean validUrl(String url) {
        try {
            URI u = new URI(url.strip());
            return u.getScheme() != null && (u.getRawSchemeSpecificPart() != null);
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** rss-parser's getEncodingFromContentType: a charset Node knows, else UTF-8. */
    static Charset charset(String contentType) {
        Matcher m = CHARSET.matcher(contentType == null ? "" : contentType);
        String name = m.find() ? m.group(2).toLowerCase(Locale.ROOT) : "";
        return switch (name) {
            case "iso-8859-1", "latin1", "binary" -> StandardCharsets.ISO_8859_1;
            case "utf16le", "ucs2" -> StandardCharsets.UTF_16LE;
            case "ascii" -> StandardCharsets.US_ASCII;
            default -> StandardCharsets.UTF_8;
        };
    }
}
