package io.hetumind.nodes.ai.vector;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.Evaluator;
import org.jsoup.select.Selector;

/**
 * Readable text of an HTML (or XHTML) page, as the {@code html-to-text} package (9.x) with its default
 * options makes it, which is what LangChain JS's EPub loader (so n8n's) calls: the body only;
 * paragraphs, headings, lists, tables, block quotes and {@code pre} set off by a blank line, {@code div}
 * and the other sectioning blocks by a line break, {@code h1}–{@code h3} preceded by two blank lines;
 * headings upper case; list items {@code " * "} or {@code " 1. "} (also {@code a}, {@code A}, {@code i},
 * {@code I} and {@code start}), nested ones without the leading space, continuation lines indented;
 * block quotes as {@code "> "} lines; links as {@code text [href]} ({@code mailto:} dropped, {@code #…}
 * anchors as text only); images as {@code alt [src]}; {@code hr} as 80 dashes; table rows and cells
 * inline, as html-to-text's default (non-data) tables are; scripts and styles left out; lines wrapped
 * at 80 characters ({@link TextBlocks}).
 */
public final class HtmlText {

    private HtmlText() {}

    /** The page parsed leniently, as browsers do. */
    static Document parse(String html) {
        return Jsoup.parse(html);
    }

    /**
     * A page file: in the MIME type's charset when it names one, else the one a byte-order mark or
     * {@code <meta charset>} declares, else UTF-8 (jsoup's detection, as a browser's).
     */
    static Document parse(byte[] html, String mimeType) {
        if (mimeType != null && mimeType.toLowerCase(Locale.ROOT).contains("charset=")) {
            return parse(BinaryDocuments.text(html, mimeType));
        }
        try {
            return Jsoup.parse(new ByteArrayInputStream(html), null, "");
        } catch (IOException e) {
            throw new UncheckedIOException(e); // an in-memory stream does not fail
        }
    }

    /** The text of the page's body. */
    static String text(Document page) {
        return text(page.body(), List.of());
    }

    /**
     * html-to-text's {@code convert(html, {selectors: [{selector, format: 'skip'}…]})} of an HTML
     * fragment, as n8n's HTTP Request tool calls it; a bad selector is an {@link IllegalArgumentException}.
     */
    public static String convert(String html, List<String> skipSelectors) {
        List<Evaluator> skip = new ArrayList<>();
        for (String s : skipSelectors) {
            try {
                skip.add(org.jsoup.select.QueryParser.parse(s));
            } catch (Selector.SelectorParseException e) {
                throw new IllegalArgumentException("'" + s + "' is not a CSS selector: " + e.getMessage(), e);
            }
        }
        return text(Jsoup.parseBodyFragment(html).body(), skip);
    }

    private static String text(Element base, List<Evaluator> skip) {
        TextBlocks out = new TextBlocks();
        new Walker(out, skip).walk(List.of(base));
        return out.result();
    }

    /** Leading and trailing line breaks of html-to-text's block formats, by tag. */
    private static final Map<String, Integer> BLOCKS = Map.ofEntries(
            Map.entry("article", 1),
            Map.entry("aside", 1),
            Map.entry("div", 1),
            Map.entry("footer", 1),
            Map.entry("form", 1),
            Map.entry("header", 1),
            Map.entry("main", 1),
            Map.entry("nav", 1),
            Map.entry("section", 1),
            Map.entry("p", 2),
            Map.entry("table", 2));

    /** One conversion: the layout and the selectors whose elements are left out. */
    private record Walker(TextBlocks out, List<Evaluator> skip) {

        void walk(List<Node> nodes) {
            for (Node n : nodes) {
                if (n instanceof TextNode t) {
                    out.inline(t.getWholeText(), false);
                } else if (n instanceof Element e) {
                    element(e);
                }
            }
        }

        void element(Element e) {
            for (Evaluator s : skip) {
                if (e.is(s)) {
                    return; // html-to-text's 'skip' format
                }
            }
            String tag = e.normalName();
            Integer breaks = BLOCKS.get(tag);
            if (breaks != null) {
                out.openBlock(breaks, 0, false);
                walk(e.childNodes());
                out.closeBlock(breaks, null);
                return;
            }
            switch (tag) {
                case "script", "style" -> {} // not text nodes for htmlparser2
                case "br" -> out.lineBreak();
                case "wbr" -> out.wordBreakOpportunity();
                case "h1", "h2", "h3", "h4", "h5", "h6" -> {
                    out.openBlock(tag.charAt(1) <= '3' ? 3 : 2, 0, false);
                    out.pushTransform(w -> w.toUpperCase(Locale.ROOT));
                    walk(e.childNodes());
                    out.popTransform();
                    out.closeBlock(2, null);
                }
                case "pre" -> {
                    out.openBlock(2, 0, true);
                    walk(e.childNodes());
                    out.closeBlock(2, null);
                }
                case "blockquote" -> {
                    out.openBlock(2, 2, false);
                    walk(e.childNodes());
                    out.closeBlock(2, text -> "> " + strip(text, '\n').replace("\n", "\n> "));
                }
                case "hr" -> {
                    out.openBlock(2, 0, false);
                    out.inline("-".repeat(TextBlocks.WORDWRAP), false);
                    out.closeBlock(2, null);
                }
                case "img" -> {
                    String alt = e.attr("alt");
                    String src = e.attr("src");
                    out.inline(src.isEmpty() ? alt : alt.isEmpty() ? "[" + src + "]" : alt + " [" + src + "]", true);
                }
                case "a" -> anchor(e);
                case "ul" -> list(e, null);
                case "ol" -> list(e, e.attr("type"));
                default -> walk(e.childNodes()); // inline
            }
        }

        void anchor(Element a) {
            String href = a.attr("href").replaceFirst("^mailto:", "");
            if (href.isEmpty() || href.startsWith("#")) {
                walk(a.childNodes());
                return;
            }
            StringBuilder text = new StringBuilder();
            out.pushTransform(w -> {
                text.append(w);
                return w;
            });
            walk(a.childNodes());
            out.popTransform();
            out.inline(text.isEmpty() ? href : " [" + href + "]", true);
        }

        /** A list: one item per child that is not blank text, {@code li} children with the list's prefix. */
        void list(Element list, String olType) {
            boolean nested = list.parent() != null && list.parent().normalName().equals("li");
            double start = 1;
            if (olType != null && list.hasAttr("start")) {
                start = jsNumber(list.attr("start"));
            }
            List<Node> items = new ArrayList<>();
            List<String> prefixes = new ArrayList<>();
            int maxPrefix = 0;
            for (Node child : list.childNodes()) {
                if (child instanceof TextNode t
                        && t.getWholeText().chars().allMatch(c -> TextBlocks.isSpace((char) c))) {
                    continue;
                }
                if (!(child instanceof TextNode) && !(child instanceof Element)) {
                    continue; // comments
                }
                String prefix = "";
                if (child instanceof Element el && el.normalName().equals("li")) {
                    prefix = olType == null ? " * " : " " + marker(olType, start++) + ". ";
                    if (nested) {
                        prefix = prefix.stripLeading();
                    }
                }
                maxPrefix = Math.max(maxPrefix, prefix.length());
                items.add(child);
                prefixes.add(prefix);
            }
            if (items.isEmpty()) {
                return;
            }
            out.openList(nested ? 1 : 2, maxPrefix);
            for (int i = 0; i < items.size(); i++) {
                out.openListItem(prefixes.get(i));
                walk(List.of(items.get(i)));
                out.closeListItem();
            }
            out.closeList(nested ? 1 : 2);
        }
    }

    /** An ordered list's marker for {@code type} 1, a, A, i or I (html-to-text's). */
    private static String marker(String type, double index) {
        if (Double.isNaN(index)) {
            return "NaN";
        }
        int n = (int) index;
        return switch (type) {
            case "a" -> letters(n, 'a');
            case "A" -> letters(n, 'A');
            case "i" -> roman(n).toLowerCase(Locale.ROOT);
            case "I" -> roman(n);
            default -> index == n ? Integer.toString(n) : Double.toString(index);
        };
    }

    private static String letters(int n, char base) {
        StringBuilder sb = new StringBuilder();
        do {
            n -= 1;
            sb.insert(0, (char) (base + Math.floorMod(n, 26)));
            n = n / 26;
        } while (n > 0);
        return sb.toString();
    }

    private static String roman(int n) {
        String[] ones = {"I", "X", "C", "M"};
        String[] fives = {"V", "L", "D"};
        String digits = Integer.toString(n);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < digits.length(); i++) {
            int place = digits.length() - 1 - i;
            int v = digits.charAt(i) - '0';
            if (place > 3 || (place == 3 && v > 3)) {
                return digits; // html-to-text's table ends at 3999
            }
            if (v % 5 < 4) {
                sb.append(v < 5 ? "" : fives[place]).append(ones[place].repeat(v % 5));
            } else {
                sb.append(ones[place]).append(v < 5 ? fives[place] : ones[place + 1]);
            }
        }
        return sb.toString();
    }

    /** JavaScript's {@code Number(text)} for a list's {@code start}. */
    private static double jsNumber(String text) {
        if (text.isEmpty()) {
            return 1; // Number(elem.attribs.start || '1')
        }
        String t = text.strip();
        if (t.isEmpty()) {
            return 0;
        }
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static String strip(String s, char c) {
        int start = 0;
        int end = s.length();
        while (start < end && s.charAt(start) == c) {
            start++;
        }
        while (end > start && s.charAt(end - 1) == c) {
            end--;
        }
        return s.substring(start, end);
    }
}
