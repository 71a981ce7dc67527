package io.hetumind.nodes.data.markdown;

import io.hetumind.nodes.internal.JsReplace;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

/** HTML to Markdown in the manner of node-html-markdown, the converter n8n's Markdown node uses. */
final class HtmlToMarkdown {

    /**
     * A text substitution as JavaScript's {@code text.replace(pattern, replacement)}: every match when {@code global}
     * (a /g regex), else the first; {@code replacement} is a JavaScript replacement string ($1, $&, $$).
     */
    record Replace(Pattern pattern, String replacement, boolean global) {

        /** A user's pattern: n8n hands node-html-markdown the text, which String.replace takes literally, once. */
        static Replace literal(String text, String replacement) {
            return new Replace(Pattern.compile(Pattern.quote(text)), replacement, false);
        }

        String apply(String s) {
            Matcher m = pattern.matcher(s);
            if (!global) {
                return JsReplace.first(m, s, replacement);
            }
            StringBuilder out = new StringBuilder();
            int last = 0;
            while (m.find()) {
                out.append(s, last, m.start()).append(JsReplace.substitution(m, s, replacement));
                last = m.end();
            }
            return out.append(s, last, s.length()).toString();
        }
    }

    /** node-html-markdown options that n8n exposes. */
    record Options(
            String bulletMarker,
            String codeFence,
            String emDelimiter,
            String strongDelimiter,
            boolean indentedCode,
            Set<String> ignore,
            Set<String> blockElements,
            boolean keepDataImages,
            int maxConsecutiveNewlines,
            List<Replace> textReplace,
            List<Replace> globalEscape,
            List<Replace> lineStartEscape) {}

    // node-html-markdown's defaults, word for word: the second alternative of the line-start escape is not anchored
    static final List<Replace> GLOBAL_ESCAPE =
            List.of(new Replace(Pattern.compile("[\\\\`*_~\\[\\]]", Pattern.MULTILINE), "\\$&", true));
    static final List<Replace> LINE_START_ESCAPE = List.of(new Replace(
            Pattern.compile("^(\\s*?)((?:\\+\\s)|(?:[=>-])|(?:#{1,6}\\s))|(?:(\\d+)(\\.\\s))", Pattern.MULTILINE),
            "$1$3\\$2$4",
            true));

    private static final Set<String> IGNORED = Set.of(
            "AREA",
            "AUDIO",
            "BUTTON",
            "CANVAS",
            "DATALIST",
            "EMBED",
            "HEAD",
            "INPUT",
            "MAP",
            "MENU",
            "METER",
            "NOFRAMES",
            "NOSCRIPT",
            "OBJECT",
            "OPTGROUP",
            "OPTION",
            "PARAM",
            "PROGRESS",
            "RP",
            "RT",
            "RUBY",
            "SCRIPT",
            "SELECT",
            "STYLE",
            "SVG",
            "TEXTAREA",
            "TITLE",
            "VIDEO");
    private static final Set<String> BLOCKS = Set.of(
            "ADDRESS",
            "ARTICLE",
            "ASIDE",
            "BLOCKQUOTE",
            "BODY",
            "CENTER",
            "DD",
            "DIR",
            "DIV",
            "DL",
            "DT",
            "FIELDSET",
            "FIGCAPTION",
            "FIGURE",
            "FOOTER",
            "FORM",
            "HEADER",
            "HGROUP",
            "HTML",
            "MAIN",
            "NAV",
            "P",
            "SECTION",
            "TABLE");

    private final Options o;
    private final StringBuilder out = new StringBuilder();
    private int listDepth;

    private HtmlToMarkdown(Options o) {
        this.o = o;
    }

    static String convert(String html, Options o) {
        HtmlToMarkdown c = new HtmlToMarkdown(o);
        c.children(Jsoup.parse(html.replace("\r\n", "\n").replace('\r', '\n')));
        String md = c.out.toString();
        if (o.maxConsecutiveNewlines() > 0) {
            md = md.replaceAll(
                    "\\n{" + (o.maxConsecutiveNewlines() + 1) + ",}", "\n".repeat(o.maxConsecutiveNewlines()));
        }
        return md.replaceAll("^\\n+|\\n+$", "");
    }

    private void children(Node parent) {
        for (Node n : parent.childNodes()) {
            if (n instanceof TextNode t) {
                text(t.getWholeText());
            } else if (n instanceof Element e) {
                element(e);
            }
        }
    }

    private void text(String raw) {
        String s = raw.replaceAll("\\s+", " ");
        if (!out.isEmpty() && Character.isWhitespace(out.charAt(out.length() - 1)) && s.startsWith(" ")) {
            s = s.substring(1);
        }
        if (s.isEmpty()) {
            return;
        }
        // processText's order: the global escape, the line-start escape (on every text node), then the user's
        for (Replace r : o.globalEscape()) {
            s = r.apply(s);
        }
        for (Replace r : o.lineStartEscape()) {
            s = r.apply(s);
        }
        for (Replace r : o.textReplace()) {
            s = r.apply(s);
        }
        out.append(s);
    }

    private void element(Element e) {
        String tag = e.normalName().toUpperCase(Locale.ROOT);
        if (IGNORED.contains(tag) || o.ignore().contains(tag)) {
            return;
        }
        switch (tag) {
            case "BR" -> out.append("  \n");
            case "HR" -> block(() -> out.append("---"));
            case "H1", "H2", "H3", "H4", "H5", "H6" ->
                block(() -> {
                    out.append("#".repeat(tag.charAt(1) - '0')).append(' ');
                    children(e);
                });
            case "STRONG", "B" -> surround(e, o.strongDelimiter());
            case "EM", "I" -> surround(e, o.emDelimiter());
            case "DEL", "S", "STRIKE" -> surround(e, "~~");
            case "CODE" -> out.append('`').append(e.wholeText()).append('`');
            case "PRE" -> block(() -> pre(e));
            case "A" -> link(e);
            case "IMG" -> image(e);
            case "UL", "OL" -> list(e, tag.equals("OL"));
            case "BLOCKQUOTE" ->
                block(() -> {
                    int start = out.length();
                    children(e);
                    String inner = out.substring(start).strip();
                    out.setLength(start);
                    out.append(inner.replaceAll("(?m)^(>*)[^\\S\\r\\n]?", ">$1 "));
                });
            case "TABLE" -> block(() -> MarkdownTables.render(e, this::inlineText, out));
            default -> {
                if (BLOCKS.contains(tag) || o.blockElements().contains(tag)) {
                    block(() -> children(e));
                } else {
                    children(e);
                }
            }
        }
    }

    private void block(Runnable body) {
        newlines(2);
        body.run();
        newlines(2);
    }

    private void newlines(int n) {
        if (out.isEmpty()) {
            return;
        }
        // content ends trimmed before a break; whitespace that is all the output so far stays, as in n8n
        if (!out.toString().isBlank()) {
            while (out.charAt(out.length() - 1) == ' ') {
                out.setLength(out.length() - 1);
            }
        }
        int have = 0;
        for (int i = out.length() - 1; i >= 0 && out.charAt(i) == '\n'; i--) {
            have++;
        }
        out.append("\n".repeat(Math.max(0, n - have)));
    }

    /** Renders an element's children on their own and returns the Markdown, leaving the output as it was. */
    String inlineText(Element e) {
        int start = out.length();
        children(e);
        String inner = out.substring(start);
        out.setLength(start);
        return inner;
    }

    private void surround(Element e, String delimiter) {
        String inner = inlineText(e);
        if (!inner.isBlank()) {
            out.append(delimiter).append(inner.strip()).append(delimiter);
        }
    }

    private void pre(Element e) {
        // a <pre> holding one <code> is a code block whose text is kept whole, its last line break too
        boolean codeBlock = e.childNodeSize() == 1
                && e.childNode(0) instanceof Element c
                && c.normalName().equals("code");
        String code = codeBlock ? e.wholeText() : e.wholeText().replaceAll("\\n$", "");
        if (o.indentedCode()) {
            out.append(code.replaceAll("(?m)^", "    "));
            return;
        }
        Element inner = e.selectFirst("code[class*=language-]");
        String lang = inner == null ? "" : inner.className().replaceAll(".*language-(\\S+).*", "$1");
        out.append(o.codeFence())
                .append(lang)
                .append('\n')
                .append(code)
                .append('\n')
                .append(o.codeFence());
    }

    private void link(Element e) {
        String inner = inlineText(e);
        String href = e.attr("href");
        if (href.isEmpty() || inner.isBlank()) {
            out.append(inner);
            return;
        }
        String title = e.attr("title");
        out.append('[').append(inner.strip()).append("](").append(href.replace(" ", "%20"));
        out.append(title.isEmpty() ? ")" : " \"" + title.replace("\"", "\\\"") + "\")");
    }

    private void image(Element e) {
        String src = e.attr("src");
        if (src.isEmpty() || (src.startsWith("data:") && !o.keepDataImages())) {
            return;
        }
        String title = e.attr("title");
        out.append("![").append(e.attr("alt")).append("](").append(src);
        out.append(title.isEmpty() ? ")" : " \"" + title + "\")");
    }

    private void list(Element e, boolean ordered) {
        newlines(listDepth > 0 ? 1 : 2);
        // node-html-markdown counts from 1 whatever <ol start> says
        int number = 1;
        String indent = "   ".repeat(listDepth);
        listDepth++;
        for (Element li : e.children()) {
            if (!li.normalName().equals("li")) {
                continue;
            }
            String content = inlineText(li).strip().replaceAll("([^\\r\\n])(?:\\r?\\n)+", "$1  \n" + indent);
            if (content.isBlank()) {
                continue;
            }
            newlines(1);
            out.append(indent)
                    .append(ordered ? (number++) + ". " : o.bulletMarker() + " ")
                    .append(content);
        }
        listDepth--;
        newlines(listDepth > 0 ? 1 : 2);
    }
}
