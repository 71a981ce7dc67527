package io.hetumind.nodes.data.html;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

/**
 * HTML to plain text with the defaults of the html-to-text library that n8n's HTML node (1.2) uses: blocks
 * separated by line breaks, headings in capitals, links and images as {@code text [url]}, words wrapped at 80.
 */
final class HtmlToText {

    private static final int WIDTH = 80;

    /** Leading and trailing line breaks of block elements. */
    private static final Map<String, int[]> BLOCKS = Map.ofEntries(
            Map.entry("p", new int[] {2, 2}),
            Map.entry("h1", new int[] {3, 2}),
            Map.entry("h2", new int[] {3, 2}),
            Map.entry("h3", new int[] {2, 2}),
            Map.entry("h4", new int[] {2, 2}),
            Map.entry("h5", new int[] {2, 2}),
            Map.entry("h6", new int[] {2, 2}),
            Map.entry("ul", new int[] {2, 2}),
            Map.entry("ol", new int[] {2, 2}),
            Map.entry("blockquote", new int[] {2, 2}),
            // n8n passes no `tables` option, so no table is a data table: a table is a plain block and its rows and
            // cells are inline (html-to-text's formatTable falls back to formatBlock)
            Map.entry("table", new int[] {2, 2}),
            Map.entry("li", new int[] {1, 1}),
            Map.entry("div", new int[] {1, 1}),
            Map.entry("article", new int[] {1, 1}),
            Map.entry("aside", new int[] {1, 1}),
            Map.entry("footer", new int[] {1, 1}),
            Map.entry("form", new int[] {1, 1}),
            Map.entry("header", new int[] {1, 1}),
            Map.entry("main", new int[] {1, 1}),
            Map.entry("nav", new int[] {1, 1}),
            Map.entry("section", new int[] {1, 1}));

    private static final List<String> SKIPPED = List.of("script", "style", "template", "noscript", "head", "title");

    private final StringBuilder out = new StringBuilder();
    private final StringBuilder inline = new StringBuilder();
    private final Deque<String> prefixes = new ArrayDeque<>();
    private int pending;
    private int upper;

    private HtmlToText() {}

    /** The text of {@code html}; elements matching {@code skip} selectors are left out. */
    static String convert(String html, List<String> skip) {
        Document doc = HtmlDocs.parse(html);
        for (String s : skip) {
            doc.select(s).remove();
        }
        HtmlToText t = new HtmlToText();
        t.children(doc.body());
        t.flush();
        return t.out.toString();
    }

    private void children(Element el) {
        for (Node n : el.childNodes()) {
            if (n instanceof TextNode tn) {
                text(tn.getWholeText());
            } else if (n instanceof Element e) {
                element(e);
            }
        }
    }

    private void element(Element e) {
        String tag = e.normalName();
        if (SKIPPED.contains(tag)) {
            return;
        }
        switch (tag) {
            case "br" -> inline.append('\n');
            case "img" -> {
                String alt = e.attr("alt");
                String src = e.attr("src");
                literal((alt.isEmpty() ? "" : alt + " ") + (src.isEmpty() ? "" : "[" + src + "]"));
            }
            case "a" -> {
                children(e);
                String href = e.attr("href");
                if (!href.isEmpty() && !href.startsWith("#")) {
                    literal(" [" + href + "]");
                }
            }
            case "hr" -> {
                block(2);
                raw("-".repeat(WIDTH));
                pending = 2;
            }
            case "pre" -> {
                block(2);
                raw(e.wholeText().replaceAll("^\\n|\\n$", ""));
                pending = 2;
            }
            default -> blockOrInline(e, tag);
        }
    }

    private void blockOrInline(Element e, String tag) {
        int[] lt = BLOCKS.get(tag);
        if (lt == null) {
            children(e);
            return;
        }
        block(lt[0]);
        boolean heading = tag.length() == 2 && tag.charAt(0) == 'h' && Character.isDigit(tag.charAt(1));
        upper += heading ? 1 : 0;
        if (tag.equals("blockquote")) {
            prefixes.addLast("> ");
        }
        if (tag.equals("li")) {
            Element parent = e.parent();
            boolean ordered = parent != null && parent.normalName().equals("ol");
            literal(ordered ? (e.elementSiblingIndex() + 1) + ". " : " * ");
        }
        children(e);
        if (tag.equals("blockquote")) {
            flush();
            prefixes.removeLast();
        }
        upper -= heading ? 1 : 0;
        block(lt[1]);
    }

    private void block(int breaks) {
        flush();
        pending = Math.max(pending, breaks);
    }

    /** Inline text: whitespace runs collapse to one space. */
    private void text(String s) {
        String collapsed = s.replaceAll("[ \\t\\r\\n\\f\\u200b]+", " ");
        if (upper > 0) {
            collapsed = collapsed.toUpperCase(Locale.ROOT);
        }
        if (collapsed.startsWith(" ") && (inline.isEmpty() || endsWithSpace())) {
            collapsed = collapsed.substring(1);
        }
        inline.append(collapsed);
    }

    private void literal(String s) {
        inline.append(upper > 0 ? s.toUpperCase(Locale.ROOT) : s);
    }

    private boolean endsWithSpace() {
        char c = inline.charAt(inline.length() - 1);
        return c == ' ' || c == '\n';
    }

    private void flush() {
        String content = inline.toString();
        inline.setLength(0);
        if (content.isBlank()) {
            return;
        }
        List<String> lines = new ArrayList<>();
        for (String segment : content.strip().split("\n", -1)) {
            lines.addAll(wrap(segment.strip()));
        }
        String prefix = String.join("", prefixes);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            sb.append(i == 0 ? "" : "\n").append(prefix).append(lines.get(i));
        }
        raw(sb.toString());
    }

    private void raw(String text) {
        if (!out.isEmpty()) {
            out.append("\n".repeat(Math.max(pending, 1)));
        }
        out.append(text);
        pending = 0;
    }

    private List<String> wrap(String segment) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        int width = WIDTH - String.join("", prefixes).length();
        for (String word : segment.split(" ")) {
            if (!line.isEmpty() && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(line.isEmpty() ? "" : " ").append(word);
        }
        lines.add(line.toString());
        return lines;
    }
}
