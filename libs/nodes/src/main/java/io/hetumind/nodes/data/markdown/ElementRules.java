package io.hetumind.nodes.data.markdown;

import static io.hetumind.nodes.data.markdown.JsText.BOL;
import static io.hetumind.nodes.data.markdown.JsText.EOL;
import static io.hetumind.nodes.data.markdown.JsText.NS;
import static io.hetumind.nodes.data.markdown.JsText.SPACE;

import io.hetumind.nodes.data.markdown.Translators.Cfg;
import io.hetumind.nodes.data.markdown.Translators.Ctx;
import io.hetumind.nodes.data.markdown.Translators.Translator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** node-html-markdown 1.2.0's element rules (its config module), as behaviour: prefixes, delimiters, postprocessing. */
final class ElementRules {

    private static final Pattern NEWLINES = Pattern.compile("(?:\\r?\\n)+");
    private static final Pattern LI_BREAKS = Pattern.compile("([^\\r\\n])(?:\\r?\\n)+");
    private static final Pattern LI_TRAILING = Pattern.compile("(" + NS + "+?)" + SPACE + "+" + EOL);
    private static final Pattern QUOTE_LINE = Pattern.compile(BOL + "(>*)" + SPACE + "?");
    private static final Pattern BACKTICKS = Pattern.compile("`+");
    private static final Pattern LANGUAGE = Pattern.compile("language-(" + NS + "+)");
    private static final Pattern LINE_START = Pattern.compile(BOL);
    private static final Pattern DATA_URL = Pattern.compile("^data:", Pattern.CASE_INSENSITIVE);

    private final Translators owner;

    ElementRules(Translators owner) {
        this.owner = owner;
    }

    private static Cfg cfg() {
        return new Cfg();
    }

    private static Translator fixed(Function<Cfg, Cfg> setup) {
        return Translator.of(setup.apply(cfg()));
    }

    private static Cfg content(String text) {
        Cfg c = cfg();
        c.content = text;
        c.recurse = false;
        return c;
    }

    private static Translator delimited(Function<HtmlToMarkdown.Options, String> delimiter) {
        return fixed(c -> {
            c.spaceIfRepeatingChar = true;
            c.postprocess = ctx -> JsText.isWhiteSpaceOnly(ctx.content())
                    ? Translators.REMOVE
                    : tagSurround(ctx.content(), delimiter.apply(ctx.options()));
            return c;
        });
    }

    Map<String, Translator> main() {
        Map<String, Translator> m = new LinkedHashMap<>();
        m.put("pre", fixed(c -> {
            c.noEscape = true;
            return c;
        }));
        m.put("br", Translator.of(content("  \n")));
        m.put("hr", Translator.of(content("---")));
        m.put("h1,h2,h3,h4,h5,h6", Translator.of(ctx -> {
            Cfg c = cfg();
            c.prefix = "#".repeat(ctx.node().tagName().charAt(1) - '0') + " ";
            return c;
        }));
        m.put("strong,b", delimited(HtmlToMarkdown.Options::strongDelimiter));
        m.put("del,s,strike", delimited(o -> "~~"));
        m.put("em,i", delimited(HtmlToMarkdown.Options::emDelimiter));
        m.put("ol,ul", list());
        m.put("li", listItem());
        m.put("blockquote", fixed(c -> {
            c.postprocess = ctx -> JsText.replaceAll(QUOTE_LINE, JsText.trimNewLines(ctx.content()), ">$1 ");
            return c;
        }));
        m.put("code", Translator.of(this::code));
        m.put("table", Translator.of(ctx -> {
            Cfg c = cfg();
            c.surroundingNewlines = 2;
            c.childTranslators = owner.table;
            c.postprocess = TableLayout::compose;
            return c;
        }));
        m.put("a", Translator.of(this::link));
        m.put("img", image());
        return m;
    }

    Map<String, Translator> codeBlock() {
        Map<String, Translator> m = new LinkedHashMap<>();
        m.put("br", Translator.of(content("\n")));
        m.put("hr", Translator.of(content("---")));
        m.put("h1,h2,h3,h4,h5,h6", fixed(c -> {
            c.prefix = "[";
            c.postfix = "]";
            return c;
        }));
        m.put("ol,ul", list());
        m.put("li", listItem());
        m.put("tr", fixed(c -> {
            c.surroundingNewlines = 1;
            return c;
        }));
        m.put("img", fixed(c -> {
            c.recurse = false;
            return c;
        }));
        return m;
    }

    Map<String, Translator> aTag() {
        Map<String, Translator> m = new LinkedHashMap<>();
        m.put("br", Translator.of(content("\n")));
        m.put("hr", Translator.of(content("\n")));
        m.put("pre", fixed(c -> {
            c.noEscape = true;
            return c;
        }));
        m.put("strong,b", delimited(HtmlToMarkdown.Options::strongDelimiter));
        m.put("del,s,strike", delimited(o -> "~~"));
        m.put("em,i", delimited(HtmlToMarkdown.Options::emDelimiter));
        m.put("img", image());
        return m;
    }

    Map<String, Translator> table() {
        Map<String, Translator> m = new LinkedHashMap<>();
        m.put("caption", Translator.of(ctx -> {
            Cfg c = cfg();
            c.surroundingNewlines = 0;
            c.childTranslators = owner.tableCell;
            c.postprocess = p -> {
                String caption = JsText.trim(JsText.replaceAll(NEWLINES, p.content(), " "));
                if (!caption.isEmpty() && p.meta() != null && p.meta().table != null) {
                    p.meta().table.caption = "__" + caption + "__";
                }
                return Translators.REMOVE;
            };
            return c;
        }));
        m.put("tr", Translator.of(ctx -> {
            Cfg c = cfg();
            c.surroundingNewlines = 0;
            c.childTranslators = owner.tableRow;
            c.postfix = "\n";
            c.prefix = "| ";
            c.postprocess = p -> TableLayout.ROW_END.matcher(p.content()).find() ? p.content() : Translators.REMOVE;
            return c;
        }));
        m.put("th,td", cell());
        return m;
    }

    Map<String, Translator> tableRow() {
        return Map.of("th,td", cell());
    }

    Map<String, Translator> tableCell() {
        Map<String, Translator> m = new LinkedHashMap<>();
        m.put("a", Translator.of(this::link));
        m.put("strong,b", delimited(HtmlToMarkdown.Options::strongDelimiter));
        m.put("del,s,strike", delimited(o -> "~~"));
        m.put("em,i", delimited(HtmlToMarkdown.Options::emDelimiter));
        m.put("img", image());
        return m;
    }

    private Translator cell() {
        return Translator.of(ctx -> {
            Cfg c = cfg();
            c.surroundingNewlines = 0;
            c.childTranslators = owner.tableCell;
            c.prefix = " ";
            c.postfix = " |";
            // only the first pipe is escaped: the library replaces with a string pattern
            c.postprocess = p -> JsText.trim(
                    JsText.replaceAll(NEWLINES, JsText.trimNewLines(p.content()).replaceFirst("\\|", "\\\\|"), " "));
            return c;
        });
    }

    private static Translator list() {
        // the list's own tag is already its context's kind when this runs, so a list is always one newline apart
        return Translator.of(ctx -> {
            Cfg c = cfg();
            c.surroundingNewlines = ctx.listKind() != null ? 1 : 2;
            return c;
        });
    }

    private static Translator listItem() {
        return Translator.of(ctx -> {
            Visitor.Meta meta = ctx.meta();
            int level = meta == null || meta.indentLevel == null ? 0 : meta.indentLevel;
            boolean numbered = meta != null && "OL".equals(meta.listKind) && meta.listItemNumber != null;
            Cfg c = cfg();
            c.prefix = "   ".repeat(level)
                    + (numbered ? meta.listItemNumber + ". " : ctx.options().bulletMarker() + " ");
            c.surroundingNewlines = 1;
            String breakTo = "$1  \n" + "   ".repeat(level);
            c.postprocess = p -> JsText.isWhiteSpaceOnly(p.content())
                    ? Translators.REMOVE
                    : JsText.replaceAll(
                            LI_TRAILING, JsText.replaceAll(LI_BREAKS, JsText.trim(p.content()), breakTo), "$1  ");
            return c;
        });
    }

    private Cfg code(Ctx ctx) {
        HtmlTree.Node parent = ctx.node().parent;
        boolean block = parent != null
                && ("PRE".equals(parent.tagName()) || "WRAPPED-PRE".equals(parent.tagName()))
                && parent.children.size() < 2;
        Cfg c = cfg();
        c.noEscape = true;
        if (!block) {
            c.spaceIfRepeatingChar = true;
            c.postprocess = p -> {
                String longest = "";
                Matcher m = BACKTICKS.matcher(p.content());
                while (m.find()) {
                    if (m.group().length() > longest.length()) {
                        longest = m.group();
                    }
                }
                String delimiter = "`" + longest;
                String padding = delimiter.length() > 1 ? " " : "";
                return delimiter + padding + p.content() + padding + delimiter;
            };
            return c;
        }
        c.childTranslators = owner.codeBlock;
        if (ctx.options().fencedCode()) {
            Matcher lang = LANGUAGE.matcher(ctx.node().attr("class"));
            c.prefix = ctx.options().codeFence() + (lang.find() ? lang.group(1) : "") + "\n";
            c.postfix = "\n" + ctx.options().codeFence();
        } else {
            c.postprocess = p -> JsText.replaceAll(LINE_START, p.content(), "    ");
        }
        return c;
    }

    private Cfg link(Ctx ctx) {
        String href = ctx.node().attr("href");
        Cfg c = cfg();
        if (href.isEmpty()) {
            return c;
        }
        StringBuilder encoded = new StringBuilder();
        for (int i = 0; i < href.length(); i++) {
            char ch = href.charAt(i);
            switch (ch) {
                case '(' -> encoded.append("%28");
                case ')' -> encoded.append("%29");
                case '_' -> encoded.append("%5F");
                case '*' -> encoded.append("%2A");
                default -> encoded.append(ch);
            }
        }
        if (ctx.node().textContent().equals(href)) {
            c.content = "<" + encoded + ">";
            return c;
        }
        String title = ctx.node().attr("title");
        c.postprocess = p -> JsText.replaceAll(NEWLINES, p.content(), " ");
        c.childTranslators = owner.aTag;
        c.prefix = "[";
        c.postfix = "]"
                + (!ctx.options().useLinkReferenceDefinitions()
                        ? "(" + encoded + (title.isEmpty() ? "" : " \"" + title + "\"") + ")"
                        : "[" + ctx.visitor().urlDefinition(encoded.toString()) + "]");
        return c;
    }

    private static Translator image() {
        return Translator.of(ctx -> {
            String src = ctx.node().attr("src");
            Cfg c = cfg();
            if (src.isEmpty()
                    || (!ctx.options().keepDataImages() && DATA_URL.matcher(src).find())) {
                c.ignore = true;
                return c;
            }
            String title = ctx.node().attr("title");
            c.content =
                    "![" + ctx.node().attr("alt") + "](" + src + (title.isEmpty() ? "" : " \"" + title + "\"") + ")";
            c.recurse = false;
            return c;
        });
    }

    /** Wraps each line's text in the delimiter, leaving its edge spaces outside; unescaped inner copies dropped. */
    static String tagSurround(String content, String delimiter) {
        if (content.contains(delimiter)) {
            content = JsText.replaceAll(
                    Pattern.compile("([^\\\\])" + JsText.escapedEach(delimiter), Pattern.MULTILINE), content, "$1");
        }
        StringBuilder res = new StringBuilder();
        for (String[] line : TableLayout.splitSpecial(content)) {
            String text = line[0];
            int start = -1;
            for (int i = 0; i < text.length(); i++) {
                if (!JsText.isSpace(text.charAt(i))) {
                    start = i;
                    break;
                }
            }
            if (start < 0) {
                res.append(text).append(line[1]);
                continue;
            }
            int end = text.length() - 1;
            while (end > start && JsText.isSpace(text.charAt(end))) {
                end--;
            }
            res.append(start > 0 ? text.substring(start - 1, start) : "")
                    .append(delimiter)
                    .append(text, start, end + 1)
                    .append(delimiter)
                    .append(end < text.length() - 1 ? text.substring(end + 1, end + 2) : "")
                    .append(line[1]);
        }
        return res.toString();
    }
}
