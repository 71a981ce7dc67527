package io.hetumind.nodes.data.markdown;

import static io.hetumind.nodes.data.markdown.JsText.S;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.parser.Parser;

/**
 * HTML read the way node-html-parser 5 (what node-html-markdown parses with) reads it: a tag scanner, not an HTML5
 * tree builder. Tags nest as written, with its few repairs (an {@code li} closes an open {@code li}, a {@code div}
 * closes an open {@code p}, a closing list closes its items…); comments and the bodies of script, style and
 * noscript are dropped; unclosed elements are unwrapped at the end. Text and attribute values keep their raw form
 * and are decoded when read.
 */
final class HtmlTree {

    /** A parsed node: an element ({@code tag} set) or text ({@code raw} set); the root has neither. */
    static final class Node {
        final String rawTag;
        final String rawAttrs;
        final String raw;
        Node parent;
        List<Node> children = new ArrayList<>();
        private Map<String, String> attrs;

        private Node(String rawTag, String rawAttrs, String raw) {
            this.rawTag = rawTag;
            this.rawAttrs = rawAttrs;
            this.raw = raw;
        }

        boolean isText() {
            return raw != null;
        }

        boolean isElement() {
            return raw == null && rawTag != null;
        }

        /** The upper-case tag name, null for text and the root. */
        String tagName() {
            return rawTag == null ? null : rawTag.toUpperCase(Locale.ROOT);
        }

        /** Decoded text of a text node. */
        String text() {
            return decode(raw);
        }

        /** Decoded text of everything below (a text node: its own). */
        String textContent() {
            return decode(rawText());
        }

        private String rawText() {
            if (raw != null) {
                return raw;
            }
            StringBuilder sb = new StringBuilder();
            for (Node c : children) {
                sb.append(c.rawText());
            }
            return sb.toString();
        }

        /** An attribute's decoded value, "" when absent (every caller treats absent and empty alike). */
        String attr(String name) {
            if (attrs == null) {
                attrs = new HashMap<>();
                Matcher m = ATTRIBUTE.matcher(rawAttrs == null ? "" : rawAttrs);
                while (m.find()) {
                    String val = m.group(2);
                    if (val != null && (val.charAt(0) == '\'' || val.charAt(0) == '"')) {
                        val = val.substring(1, val.length() - 1);
                    }
                    attrs.put(m.group(1).toLowerCase(Locale.ROOT), decode(val == null ? "" : val));
                }
            }
            return attrs.getOrDefault(name.toLowerCase(Locale.ROOT), "");
        }

        private void append(Node child) {
            if (child.parent != null) {
                child.parent.children.remove(child);
            }
            children.add(child);
            child.parent = this;
        }
    }

    private static final Pattern MARKUP = Pattern.compile("<!--[\\s\\S]*?-->|<(/?)([a-zA-Z][-.:0-9_a-zA-Z]*)((?:" + S
            + "+[^>]*?(?:(?:'[^']*')|(?:\"[^\"]*\"))?)*)" + S + "*(/?)>");
    private static final Pattern ATTRIBUTE = Pattern.compile("([a-zA-Z()\\[\\]#@][a-zA-Z0-9\\-_:()\\[\\]#]*)(?:" + S
            + "*=" + S + "*((?:'[^']*')|(?:\"[^\"]*\")|" + JsText.NS + "+))?");
    private static final String FRAME = "documentfragmentcontainer";
    private static final Set<String> SELF_CLOSING = Set.of(
            "area", "base", "br", "col", "hr", "img", "input", "link", "meta", "source", "embed", "param", "track",
            "wbr");
    /** Text-only elements whose text n8n's parser settings drop. */
    private static final Set<String> DROPPED_TEXT = Set.of("script", "noscript", "style");

    private static final Map<String, Set<String>> CLOSED_BY_OPENING = Map.ofEntries(
            Map.entry("li", Set.of("li")),
            Map.entry("p", Set.of("p", "div")),
            Map.entry("b", Set.of("div")),
            Map.entry("td", Set.of("td", "th")),
            Map.entry("th", Set.of("td", "th")),
            Map.entry("h1", Set.of("h1")),
            Map.entry("h2", Set.of("h2")),
            Map.entry("h3", Set.of("h3")),
            Map.entry("h4", Set.of("h4")),
            Map.entry("h5", Set.of("h5")),
            Map.entry("h6", Set.of("h6")));
    private static final Map<String, Set<String>> CLOSED_BY_CLOSING = Map.of(
            "li", Set.of("ul", "ol"),
            "a", Set.of("div"),
            "b", Set.of("div"),
            "i", Set.of("div"),
            "p", Set.of("div"),
            "td", Set.of("tr", "table"),
            "th", Set.of("tr", "table"));

    private HtmlTree() {}

    /** Text with its character references decoded as the he library decodes them. */
    static String decode(String raw) {
        if (raw.indexOf('&') < 0) {
            return raw;
        }
        return Parser.unescapeEntities(replaceInvalidNumeric(raw), false);
    }

    /** NUL, surrogates and code points past U+10FFFF, referenced by number, read as U+FFFD (jsoup keeps some). */
    private static String replaceInvalidNumeric(String raw) {
        StringBuilder out = null;
        int i = 0;
        int copied = 0;
        while ((i = raw.indexOf("&#", i)) >= 0) {
            int j = i + 2;
            boolean hex = j < raw.length() && (raw.charAt(j) == 'x' || raw.charAt(j) == 'X');
            if (hex) {
                j++;
            }
            int digitsStart = j;
            long cp = 0;
            while (j < raw.length() && Character.digit(raw.charAt(j), hex ? 16 : 10) >= 0) {
                cp = Math.min(cp * (hex ? 16 : 10) + Character.digit(raw.charAt(j), hex ? 16 : 10), 0x7FFFFFFFL);
                j++;
            }
            if (j == digitsStart) {
                i += 2;
                continue;
            }
            if (j < raw.length() && raw.charAt(j) == ';') {
                j++;
            }
            if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
                out = out == null ? new StringBuilder(raw.length()) : out;
                out.append(raw, copied, i).append('\uFFFD');
                copied = j;
            }
            i = j;
        }
        return out == null ? raw : out.append(raw, copied, raw.length()).toString();
    }

    /** The library's tables list both an all-lower and an all-upper spelling of each name, and no other. */
    private static boolean listed(Set<String> names, String name) {
        return name != null
                && (names.contains(name)
                        || (name.equals(name.toUpperCase(Locale.ROOT))
                                && names.contains(name.toLowerCase(Locale.ROOT))));
    }

    private static Set<String> rule(Map<String, Set<String>> table, String tag) {
        if (tag == null) {
            return null;
        }
        Set<String> r = table.get(tag);
        return r != null || !tag.equals(tag.toUpperCase(Locale.ROOT)) ? r : table.get(tag.toLowerCase(Locale.ROOT));
    }

    static Node parse(String html) {
        Node root = new Node(null, "", null);
        List<Node> stack = new ArrayList<>(List.of(root));
        Node current = root;
        int lastTextPos = -1;
        Integer noNestedA = null;
        String data = "<" + FRAME + ">" + html + "</" + FRAME + ">";
        Matcher m = MARKUP.matcher(data);
        int from = 0;
        try {
            while (from <= data.length() && m.find(from)) {
                String matchText = m.group();
                String leadingSlash = m.group(1);
                String tag = m.group(2);
                String attributes = m.group(3);
                String closingSlash = m.group(4);
                int tagStart = m.start();
                int tagEnd = m.end();
                from = tagEnd == tagStart ? tagEnd + 1 : tagEnd;
                if (lastTextPos > -1 && lastTextPos < tagStart) {
                    current.append(new Node(null, null, data.substring(lastTextPos, tagStart)));
                }
                lastTextPos = tagEnd;
                if (FRAME.equals(tag) || matchText.charAt(1) == '!') {
                    continue;
                }
                boolean closing = !leadingSlash.isEmpty();
                if (!closing) {
                    Set<String> closes = rule(CLOSED_BY_OPENING, current.rawTag);
                    if (closingSlash.isEmpty() && closes != null && listed(closes, tag)) {
                        stack.removeLast();
                        current = stack.getLast();
                    }
                    if (tag.equals("a") || tag.equals("A")) {
                        // no A inside an A: the open one ends where the new one starts
                        if (noNestedA != null) {
                            while (stack.size() > noNestedA) {
                                stack.removeLast();
                            }
                            current = stack.getLast();
                        }
                        noNestedA = stack.size();
                    }
                    Node el = new Node(tag, attributes.isEmpty() ? "" : attributes.substring(1), null);
                    current.append(el);
                    current = el;
                    stack.add(el);
                    if (DROPPED_TEXT.contains(tag.toLowerCase(Locale.ROOT))) {
                        String close = "</" + tag + ">";
                        int closeIndex = data.indexOf(close, tagEnd);
                        if (closeIndex < 0) {
                            // the rest of the input is the element's dropped text
                            lastTextPos = data.length() + 1;
                            from = lastTextPos;
                        } else {
                            lastTextPos = closeIndex + close.length();
                            from = lastTextPos;
                            closing = true;
                        }
                    }
                }
                if (closing || !closingSlash.isEmpty() || listed(SELF_CLOSING, tag)) {
                    while (true) {
                        if (tag.equals("a") || tag.equals("A")) {
                            noNestedA = null;
                        }
                        if (tag.equals(current.rawTag)) {
                            stack.removeLast();
                            current = stack.getLast();
                            break;
                        }
                        Set<String> closedBy = rule(CLOSED_BY_CLOSING, current.tagName());
                        if (closedBy != null && listed(closedBy, tag)) {
                            stack.removeLast();
                            current = stack.getLast();
                            continue;
                        }
                        break;
                    }
                }
            }
        } catch (StackOverflowError e) {
            throw new IllegalArgumentException("the HTML has a tag too long to read", e);
        }
        unwrapUnclosed(stack);
        return root;
    }

    /** node-html-parser's end-of-input repair of elements never closed. */
    private static void unwrapUnclosed(List<Node> stack) {
        while (stack.size() > 1) {
            Node last = stack.removeLast();
            Node before = stack.getLast();
            if (last.parent == null || last.parent.parent == null) {
                continue;
            }
            if (last.parent == before && java.util.Objects.equals(last.tagName(), before.tagName())) {
                before.children.remove(last);
                for (Node child : List.copyOf(last.children)) {
                    before.parent.append(child);
                }
                stack.removeLast();
            } else {
                before.children.remove(last);
                for (Node child : List.copyOf(last.children)) {
                    before.append(child);
                }
            }
        }
    }
}
