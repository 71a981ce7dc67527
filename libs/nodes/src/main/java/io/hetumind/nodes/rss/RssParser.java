package io.hetumind.nodes.rss;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.spi.Json;
import io.hetumind.nodes.data.datetime.DateInputs;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jsoup.parser.Parser;

/**
 * rss-parser 3.13's reading of a feed (n8n's RSS Read), items only: Atom, RSS 2, RSS 1 (RDF) and 0.9x, each item with
 * the fields rss-parser copies (in its order, later ones overwriting earlier of the same name), the description as
 * {@code content} with a text {@code contentSnippet}, {@code guid}, {@code categories}, {@code isoDate}, iTunes fields
 * for a podcast feed, and the custom fields asked for.
 */
final class RssParser {

    /** rss-parser's fields.item: [from, to, includeSnippet]. */
    private static final List<String[]> ITEM_FIELDS = List.of(
            new String[] {"author", "creator"},
            new String[] {"dc:creator", "creator"},
            new String[] {"dc:date", "date"},
            new String[] {"dc:language", "language"},
            new String[] {"dc:rights", "rights"},
            new String[] {"dc:source", "source"},
            new String[] {"dc:title", "title"},
            new String[] {"title", "title"},
            new String[] {"link", "link"},
            new String[] {"pubDate", "pubDate"},
            new String[] {"author", "author"},
            new String[] {"summary", "summary"},
            new String[] {"content:encoded", "content:encoded", "snippet"},
            new String[] {"enclosure", "enclosure"},
            new String[] {"dc:creator", "dc:creator"},
            new String[] {"dc:date", "dc:date"},
            new String[] {"comments", "comments"});

    private static final List<String> PODCAST_ITEM = List.of(
            "author",
            "subtitle",
            "summary",
            "explicit",
            "duration",
            "image",
            "episode",
            "image",
            "season",
            "keywords",
            "episodeType");

    private static final Pattern BLOCK_TAGS =
            Pattern.compile("([^\\n])</?(h|br|p|ul|ol|li|blockquote|section|table|tr|div)(?:.|\\n)*?>([^\\n])");
    private static final Pattern TAGS = Pattern.compile("<(?:.|\\n)*?>");
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'");

    private final List<String> customItemFields;
    private final ZoneId zone;

    /** {@code zone}: where a date without an offset is read, as JavaScript's Date reads it in the process's zone. */
    RssParser(List<String> customItemFields, ZoneId zone) {
        this.customItemFields = customItemFields;
        this.zone = zone;
    }

    /** Thrown with rss-parser's message when the text is no feed it knows. */
    static final class NotAFeed extends RuntimeException {
        NotAFeed(String message) {
            super(message);
        }
    }

    /** The feed's items, as rss-parser's {@code parseString(xml).items}. */
    List<ObjectNode> items(String xml) {
        ObjectNode result = Xml2Js.parse(xml);
        if (result == null) {
            throw new NotAFeed("Unable to parse XML.");
        }
        JsonNode rss = result.get("rss");
        String version = rss != null && rss.path("$").path("version").isTextual()
                ? rss.path("$").path("version").asText()
                : null;
        if (result.has("feed")) {
            return atom(result.get("feed"));
        }
        if (version != null && version.startsWith("2")) {
            JsonNode channel = rss.path("channel").path(0);
            List<ObjectNode> items = rss(channel);
            if (rss.path("$").has("xmlns:itunes")) {
                itunes(channel, items);
            }
            return items;
        }
        if (result.has("rdf:RDF")) {
            JsonNode rdf = result.get("rdf:RDF");
            if (!rdf.path("channel").isArray()) {
                throw new NotAFeed("Cannot read properties of undefined (reading '0')");
            }
            return rssItems(rdf.path("item"));
        }
        if (version != null && version.contains("0.9")) {
            return rss(rss.path("channel").path(0));
        }
        throw new NotAFeed("Feed not recognized as RSS 1 or 2.");
    }

    private List<ObjectNode> rss(JsonNode channel) {
        if (channel.isMissingNode()) {
            // rss-parser reads rss.channel[0]: without a channel that is n8n's TypeError
            throw new NotAFeed("Cannot read properties of undefined (reading '0')");
        }
        return rssItems(channel.path("item"));
    }

    private List<ObjectNode> rssItems(JsonNode items) {
        List<ObjectNode> out = new ArrayList<>();
        if (items.isArray()) {
            for (JsonNode item : items) {
                out.add(rssItem(item));
            }
        }
        return out;
    }

    private ObjectNode rssItem(JsonNode xml) {
        ObjectNode item = Json.object();
        for (String[] f : ITEM_FIELDS) {
            copy(xml, item, f[0], f[1], f.length > 2);
        }
        for (String f : customItemFields) {
            copy(xml, item, f, f, false);
        }
        if (xml.has("enclosure")) {
            set(item, "enclosure", xml.get("enclosure").path(0).get("$"));
        }
        if (xml.has("description")) {
            String content = content(xml.get("description").path(0));
            item.put("content", content);
            item.put("contentSnippet", snippet(content));
        }
        if (xml.has("guid")) {
            JsonNode guid = xml.get("guid").path(0);
            set(
                    item,
                    "guid",
                    guid.isObject()
                                    && guid.path("_").isTextual()
                                    && !guid.get("_").asText().isEmpty()
                            ? guid.get("_")
                            : guid);
        }
        if (xml.path("$").path("rdf:about").isTextual()
                && !xml.path("$").get("rdf:about").asText().isEmpty()) {
            item.set("rdf:about", xml.path("$").get("rdf:about"));
        }
        if (xml.has("category")) {
            item.set("categories", xml.get("category"));
        }
        isoDate(item);
        return item;
    }

    private List<ObjectNode> atom(JsonNode feed) {
        List<ObjectNode> out = new ArrayList<>();
        JsonNode entries = feed.path("entry");
        if (entries.isArray()) {
            for (JsonNode entry : entries) {
                out.add(atomItem(entry));
            }
        }
        return out;
    }

    private ObjectNode atomItem(JsonNode entry) {
        ObjectNode item = Json.object();
        for (String f : customItemFields) {
            copy(entry, item, f, f, false);
        }
        if (entry.has("title")) {
            JsonNode title = entry.get("title").path(0);
            if (title.isObject()
                    && title.path("_").isTextual()
                    && !title.get("_").asText().isEmpty()) {
                title = title.get("_");
            }
            if (truthy(title)) {
                item.set("title", title);
            }
        }
        JsonNode links = entry.get("link");
        if (links != null && links.isArray() && !links.isEmpty()) {
            String link = link(links, "alternate", 0);
            if (link != null) {
                item.put("link", link);
            } else {
                item.remove("link");
            }
        }
        JsonNode published = entry.path("published").path(0);
        if (published.isTextual() && !published.asText().isEmpty()) {
            item.put("pubDate", toIso(published.asText(), true));
        }
        JsonNode updated = entry.path("updated").path(0);
        if (!truthy(item.get("pubDate"))
                && updated.isTextual()
                && !updated.asText().isEmpty()) {
            item.put("pubDate", toIso(updated.asText(), true));
        }
        JsonNode name = entry.path("author").path(0).path("name");
        if (name.isArray() && !name.isEmpty()) {
            set(item, "author", name.get(0));
        }
        if (entry.path("content").isArray() && !entry.get("content").isEmpty()) {
            String content = content(entry.get("content").get(0));
            item.put("content", content);
            item.put("contentSnippet", snippet(content));
        }
        if (entry.path("summary").isArray() && !entry.get("summary").isEmpty()) {
            item.put("summary", content(entry.get("summary").get(0)));
        }
        if (entry.has("id")) {
            set(item, "id", entry.get("id").path(0));
        }
        isoDate(item);
        return item;
    }

    /** decorateItunes, per item: the podcast fields, and the image's href. */
    private void itunes(JsonNode channel, List<ObjectNode> items) {
        JsonNode xmlItems = channel.path("item");
        for (int i = 0; i < items.size() && i < xmlItems.size(); i++) {
            ObjectNode it = items.get(i).putObject("itunes");
            JsonNode xml = xmlItems.get(i);
            for (String f : PODCAST_ITEM) {
                copy(xml, it, "itunes:" + f, f, false);
            }
            JsonNode href = xml.path("itunes:image").path(0).path("$").path("href");
            if (truthy(href)) {
                it.set("image", href);
            }
        }
    }

    /** rss-parser's copyFromXML for one field. */
    private static void copy(JsonNode xml, ObjectNode dest, String from, String to, boolean snippet) {
        JsonNode v = xml.get(from);
        if (v != null) {
            set(dest, to, v.path(0).isMissingNode() ? null : v.get(0));
        }
        JsonNode cur = dest.get(to);
        if (truthy(cur) && cur.isObject() && cur.path("_").isTextual()) {
            dest.set(to, cur.get("_"));
            cur = dest.get(to);
        }
        if (snippet && truthy(cur) && cur.isTextual()) {
            dest.put(to + "Snippet", snippet(cur.asText()));
        }
    }

    /** Sets a value; undefined (null here) leaves the key out, as JSON.stringify does. */
    private static void set(ObjectNode dest, String key, JsonNode value) {
        if (value == null || value.isMissingNode()) {
            dest.remove(key);
        } else {
            dest.set(key, value);
        }
    }

    private static boolean truthy(JsonNode v) {
        return v != null
                && !v.isMissingNode()
                && !v.isNull()
                && !(v.isTextual() && v.asText().isEmpty())
                && !(v.isBoolean() && !v.asBoolean())
                && !(v.isNumber() && v.asDouble() == 0);
    }

    private static String link(JsonNode links, String rel, int fallback) {
        for (JsonNode l : links) {
            if (rel.equals(l.path("$").path("rel").asText(null))) {
                return l.path("$").path("href").asText(null);
            }
        }
        JsonNode f = links.get(fallback);
        return f == null ? null : f.path("$").path("href").asText(null);
    }

    /** rss-parser's getContent: the text, or the element rebuilt as markup inside a div. */
    private static String content(JsonNode c) {
        if (c.isObject() && c.path("_").isTextual()) {
            return c.get("_").asText();
        }
        if (c.isObject()) {
            return Xml2Js.build(c);
        }
        return c.asText();
    }

    /** rss-parser's getSnippet: block tags become line breaks, tags go, entities are decoded, the ends trimmed. */
    static String snippet(String html) {
        String s = BLOCK_TAGS.matcher(html).replaceAll("$1\n$3");
        s = TAGS.matcher(s).replaceAll("");
        return io.hetumind.nodes.internal.Js.trim(Parser.unescapeEntities(s, false));
    }

    /** setISODate: {@code new Date(pubDate || date).toISOString()}, left out when the date cannot be read. */
    private void isoDate(ObjectNode item) {
        JsonNode date = truthy(item.get("pubDate")) ? item.get("pubDate") : item.get("date");
        if (truthy(date) && date.isTextual()) {
            String iso = toIso(io.hetumind.nodes.internal.Js.trim(date.asText()), false);
            if (iso != null) {
                item.put("isoDate", iso);
            }
        }
    }

    /** JavaScript's {@code new Date(text).toISOString()}; an unreadable date throws (Atom) or is null. */
    private String toIso(String text, boolean strict) {
        ZonedDateTime d = DateInputs.jsDate(text, zone, ZonedDateTime.now(zone));
        if (d == null) {
            if (strict) {
                throw new NotAFeed("Invalid time value");
            }
            return null;
        }
        return ISO.format(d.withZoneSameInstant(ZoneOffset.UTC));
    }
}
