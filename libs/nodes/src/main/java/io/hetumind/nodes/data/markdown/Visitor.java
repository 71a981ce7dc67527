package io.hetumind.nodes.data.markdown;

import io.hetumind.nodes.data.markdown.HtmlTree.Node;
import io.hetumind.nodes.data.markdown.Translators.Cfg;
import io.hetumind.nodes.data.markdown.Translators.Ctx;
import io.hetumind.nodes.data.markdown.Translators.Translator;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * node-html-markdown's walk over the parsed HTML: text is appended to one buffer, each element's translator adds
 * surrounding newlines (counted against those already at the end of the buffer), a prefix, its children's text
 * (possibly rewritten by a postprocess step, or removed) and a postfix.
 */
final class Visitor {

    /** The list and table context an element is visited in; copied where the library copies it. */
    static final class Meta {
        Integer listItemNumber;
        String listKind;
        Integer indentLevel;
        boolean preserveWhitespace;
        boolean noEscape;
        Map<String, Translator> translators;
        TableMeta table;

        Meta copy() {
            Meta m = new Meta();
            m.listItemNumber = listItemNumber;
            m.listKind = listKind;
            m.indentLevel = indentLevel;
            m.preserveWhitespace = preserveWhitespace;
            m.noEscape = noEscape;
            m.translators = translators;
            m.table = table;
            return m;
        }
    }

    /** Shared by a table's context copies, so a caption found inside reaches the table's layout. */
    static final class TableMeta {
        String caption;
    }

    private static final Set<String> CONTENTLESS = Set.of("BR", "HR", "IMG");
    private static final java.util.regex.Pattern WHITESPACE_RAW =
            java.util.regex.Pattern.compile("(?:" + JsText.S + "|&nbsp;)*");

    private final HtmlToMarkdown.Options options;
    private final Translators translators;
    private final Set<Node> preserved = Collections.newSetFromMap(new IdentityHashMap<>());
    private final List<String> urlDefinitions = new ArrayList<>();
    private final StringBuilder text = new StringBuilder();
    private int trailingWhitespace;
    private int trailingNewlines;

    Visitor(HtmlToMarkdown.Options options, Translators translators) {
        this.options = options;
        this.translators = translators;
    }

    String run(Node root) {
        markPreserved(root);
        visit(root, false, null);
        return text.toString();
    }

    List<String> urlDefinitions() {
        return urlDefinitions;
    }

    int urlDefinition(String url) {
        int id = urlDefinitions.indexOf(url);
        if (id < 0) {
            urlDefinitions.add(url);
            id = urlDefinitions.size() - 1;
        }
        return id + 1;
    }

    static List<Node> children(Node node) {
        return node.children;
    }

    /** An element is worth visiting when it holds text or an image/break/rule, or its rule writes even when empty. */
    private boolean markPreserved(Node node) {
        boolean res = false;
        if (node.isText() || (node.isElement() && CONTENTLESS.contains(node.tagName()))) {
            res = true;
        } else {
            List<Node> kids = children(node);
            if (kids.isEmpty()) {
                Translator t = node.isElement() ? translators.main.get(node.tagName()) : null;
                res = t != null && t.isFactory();
            } else {
                for (Node child : kids) {
                    res |= markPreserved(child);
                }
            }
        }
        if (res) {
            preserved.add(node);
        }
        return res;
    }

    private void append(String s, int startPos, boolean spaceIfRepeatingChar) {
        if (s.isEmpty() && startPos < 0) {
            return;
        }
        if (startPos >= 0) {
            text.setLength(Math.min(startPos, text.length()));
        }
        if (spaceIfRepeatingChar && !s.isEmpty() && !text.isEmpty() && text.charAt(text.length() - 1) == s.charAt(0)) {
            text.append(' ');
        }
        text.append(s);
        trailingWhitespace = 0;
        trailingNewlines = 0;
        for (int i = text.length() - 1, min = Math.max(text.length() - 10, 0); i >= min; i--) {
            char c = text.charAt(i);
            if (!JsText.isSpace(c)) {
                break;
            }
            trailingWhitespace++;
            if (c == '\r' || c == '\n') {
                trailingNewlines++;
            }
        }
    }

    private void append(String s) {
        append(s, -1, false);
    }

    private void appendNewlines(int count) {
        append("\n".repeat(Math.max(0, count - trailingNewlines)));
    }

    private String processText(String s, Meta meta) {
        String res = s;
        if (meta == null || !meta.preserveWhitespace) {
            res = res.replaceAll(JsText.S + "+", " ");
        }
        if (meta != null && meta.noEscape) {
            return res;
        }
        res = options.lineStartEscape().apply(options.globalEscape().apply(res));
        for (JsText.Replace r : options.textReplace()) {
            res = r.apply(res);
        }
        return res;
    }

    private void visit(Node node, boolean textOnly, Meta meta) {
        if (!preserved.contains(node)) {
            return;
        }
        if (node.isText()) {
            boolean keepSpace = meta != null && meta.preserveWhitespace;
            String raw = node.text();
            if (!keepSpace && WHITESPACE_RAW.matcher(node.raw).matches()) {
                if (!text.isEmpty() && trailingWhitespace == 0) {
                    append(" ");
                }
                return;
            }
            append(processText(keepSpace ? raw : trimmed(raw), meta));
            return;
        }
        if (textOnly || !node.isElement()) {
            // the root has no tag, so no translator: its children are visited as they are below
            if (!textOnly && !node.isText()) {
                for (Node child : children(node)) {
                    visit(child, false, meta);
                }
            }
            return;
        }
        Node el = node;
        String tag = el.tagName();
        Map<String, Translator> from = meta != null && meta.translators != null ? meta.translators : translators.main;
        Translator translator = from.get(tag);
        switch (tag) {
            case "UL", "OL" -> {
                Meta m = meta == null ? new Meta() : meta.copy();
                m.listItemNumber = 0;
                m.listKind = tag;
                m.indentLevel = (meta == null || meta.indentLevel == null ? -1 : meta.indentLevel) + 1;
                meta = m;
            }
            case "LI" -> {
                if (meta != null && "OL".equals(meta.listKind)) {
                    meta.listItemNumber = (meta.listItemNumber == null ? 0 : meta.listItemNumber) + 1;
                }
            }
            case "PRE" -> {
                meta = meta == null ? new Meta() : meta.copy();
                meta.preserveWhitespace = true;
            }
            case "TABLE" -> {
                meta = meta == null ? new Meta() : meta.copy();
                meta.table = new TableMeta();
            }
            default -> {}
        }
        if (translator == null) {
            for (Node child : children(node)) {
                visit(child, textOnly, meta);
            }
            return;
        }
        Ctx ctx = new Ctx(el, options, meta, this, null);
        Cfg cfg = Translators.resolve(translator, ctx);
        if (Boolean.TRUE.equals(cfg.ignore)) {
            return;
        }
        if (Boolean.TRUE.equals(cfg.noEscape) && (meta == null || !meta.noEscape)) {
            meta = meta == null ? new Meta() : meta.copy();
            meta.noEscape = true;
        }
        if (cfg.childTranslators != null && (meta == null || cfg.childTranslators != meta.translators)) {
            meta = meta == null ? new Meta() : meta.copy();
            meta.translators = cfg.childTranslators;
        }
        int startPosOuter = text.length();
        int newlines = cfg.surroundingNewlines == null ? 0 : cfg.surroundingNewlines;
        boolean spaceIfRepeating = Boolean.TRUE.equals(cfg.spaceIfRepeatingChar);
        if (newlines > 0) {
            appendNewlines(newlines);
        }
        if (cfg.prefix != null) {
            append(cfg.prefix);
        }
        if (cfg.content != null) {
            append(cfg.content, -1, spaceIfRepeating);
        } else {
            int startPos = text.length();
            for (Node child : children(node)) {
                visit(child, Boolean.FALSE.equals(cfg.recurse), meta);
            }
            if (cfg.postprocess != null) {
                Object res = cfg.postprocess.apply(
                        new Ctx(el, options, meta, this, text.substring(Math.min(startPos, text.length()))));
                if (res == Translators.REMOVE) {
                    if (tag.equals("LI") && meta != null && meta.listItemNumber != null && meta.listItemNumber != 0) {
                        meta.listItemNumber--;
                    }
                    append("", startPosOuter, false);
                    return;
                }
                if (res instanceof String s) {
                    append(s, startPos, spaceIfRepeating);
                }
            }
        }
        if (cfg.postfix != null) {
            append(cfg.postfix);
        }
        if (newlines > 0) {
            appendNewlines(newlines);
        }
    }

    /** node-html-parser's trimmedText: edges trimmed, but one space kept where a space or tab stood. */
    static String trimmed(String s) {
        int start = 0;
        while (start < s.length() && JsText.isSpace(s.charAt(start))) {
            start++;
        }
        if (start == s.length()) {
            return s;
        }
        int end = s.length() - 1;
        while (end > start && JsText.isSpace(s.charAt(end))) {
            end--;
        }
        boolean lead = start > 0 && isSpaceNotNewline(s.charAt(start - 1));
        boolean trail = end < s.length() - 1 && isSpaceNotNewline(s.charAt(end + 1));
        return (lead ? " " : "") + s.substring(start, end + 1) + (trail ? " " : "");
    }

    private static boolean isSpaceNotNewline(char c) {
        return JsText.isSpace(c) && c != '\r' && c != '\n';
    }
}
