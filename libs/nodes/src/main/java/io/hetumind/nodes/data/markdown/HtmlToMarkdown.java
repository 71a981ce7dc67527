package io.hetumind.nodes.data.markdown;

import static io.hetumind.nodes.data.markdown.JsText.BOL;
import static io.hetumind.nodes.data.markdown.JsText.S;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * HTML to Markdown as node-html-markdown 1.2.0 (the converter n8n's Markdown node uses) writes it, rule for rule,
 * over node-html-parser's reading of the HTML ({@link HtmlTree}).
 */
final class HtmlToMarkdown {

    /** node-html-markdown's options, as n8n hands them on (an option n8n leaves out keeps the library's default). */
    record Options(
            String bulletMarker,
            String codeFence,
            String emDelimiter,
            String strongDelimiter,
            boolean fencedCode,
            List<String> ignore,
            List<String> blockElements,
            boolean keepDataImages,
            boolean useLinkReferenceDefinitions,
            int maxConsecutiveNewlines,
            List<JsText.Replace> textReplace,
            JsText.Replace globalEscape,
            JsText.Replace lineStartEscape) {}

    /** The library's defaults: Markdown's special characters anywhere, and line starts that would read as syntax. */
    static final JsText.Replace GLOBAL_ESCAPE = JsText.Replace.all("[\\\\`*_~\\[\\]]", "\\$&");

    // the second alternative is not anchored to the line start, as in the library
    static final JsText.Replace LINE_START_ESCAPE = JsText.Replace.all(
            BOL + "(" + S + "*?)((?:\\+" + S + ")|(?:[=>-])|(?:#{1,6}" + S + "))|(?:(\\d+)(\\." + S + "))",
            "$1$3\\$2$4");

    /** Appended to every conversion's text replacements by the library (a DOCTYPE read as text). */
    private static final JsText.Replace DOCTYPE = new JsText.Replace(
            Pattern.compile(BOL + "<!DOCTYPE[^\\n\\r\\u2028\\u2029]*>", Pattern.CASE_INSENSITIVE), "", true);

    static final List<String> DEFAULT_BLOCK_ELEMENTS = List.of(
            "ADDRESS",
            "ARTICLE",
            "ASIDE",
            "AUDIO",
            "BLOCKQUOTE",
            "BODY",
            "CANVAS",
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
            "FRAMESET",
            "H1",
            "H2",
            "H3",
            "H4",
            "H5",
            "H6",
            "HEADER",
            "HGROUP",
            "HR",
            "HTML",
            "ISINDEX",
            "LI",
            "MAIN",
            "MENU",
            "NAV",
            "NOFRAMES",
            "NOSCRIPT",
            "OL",
            "OUTPUT",
            "P",
            "PRE",
            "SECTION",
            "TABLE",
            "TBODY",
            "TD",
            "TFOOT",
            "TH",
            "THEAD",
            "TR",
            "UL");

    static final List<String> DEFAULT_IGNORE = List.of(
            "AREA", "BASE", "COL", "COMMAND", "EMBED", "HEAD", "INPUT", "KEYGEN", "LINK", "META", "PARAM", "SCRIPT",
            "SOURCE", "STYLE", "TRACK", "WBR");

    private HtmlToMarkdown() {}

    static String convert(String html, Options o) {
        List<JsText.Replace> replace = new ArrayList<>(o.textReplace());
        replace.add(DOCTYPE);
        Options options = new Options(
                o.bulletMarker(),
                o.codeFence(),
                o.emDelimiter(),
                o.strongDelimiter(),
                o.fencedCode(),
                o.ignore(),
                o.blockElements(),
                o.keepDataImages(),
                o.useLinkReferenceDefinitions(),
                o.maxConsecutiveNewlines(),
                replace,
                o.globalEscape(),
                o.lineStartEscape());
        Translators translators =
                new Translators(concat(o.ignore(), DEFAULT_IGNORE), concat(o.blockElements(), DEFAULT_BLOCK_ELEMENTS));
        Visitor visitor = new Visitor(options, translators);
        String result;
        try {
            result = visitor.run(HtmlTree.parse(html));
        } catch (StackOverflowError e) {
            // the library walks the tree recursively too, and fails the same way in n8n (a RangeError)
            throw new IllegalArgumentException("the HTML is nested too deeply to convert", e);
        }
        if (o.useLinkReferenceDefinitions()) {
            StringBuilder sb = new StringBuilder(result);
            if (!result.isEmpty()
                    && result.charAt(result.length() - 1) != '\r'
                    && result.charAt(result.length() - 1) != '\n') {
                sb.append('\n');
            }
            List<String> urls = visitor.urlDefinitions();
            for (int i = 0; i < urls.size(); i++) {
                sb.append("\n[").append(i + 1).append("]: ").append(urls.get(i));
            }
            result = sb.toString();
        }
        if (o.maxConsecutiveNewlines() > 0) {
            String line = "(?:\\r?\\n" + S + "*)";
            result = JsText.replaceAll(
                    Pattern.compile(line + "+(" + line + "{" + o.maxConsecutiveNewlines() + "})"), result, "$1");
        }
        return JsText.trimNewLines(result);
    }

    private static List<String> concat(List<String> user, List<String> defaults) {
        List<String> all = new ArrayList<>(user);
        all.addAll(defaults);
        return all;
    }
}
