package io.hetumind.nodes.data.markdown;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * How node-html-markdown 1.2.0 writes each element: a translator per upper-case tag name, either a fixed config or
 * one computed from the element and its list/table context. Collections are built per conversion from the user's
 * ignore and block lists, in the library's order (ignored first, then block elements, which replace an ignore
 * entry for the same tag, then the element rules merged over whatever is already there).
 */
final class Translators {

    /** What a postprocess step returns to drop the element with everything it wrote. */
    static final Object REMOVE = new Object();

    /** A translator's settings; a null field is "not set" (so a merge keeps the other side's value). */
    static final class Cfg {
        Boolean ignore;
        Boolean recurse;
        Integer surroundingNewlines;
        String prefix;
        String postfix;
        String content;
        Boolean noEscape;
        Boolean spaceIfRepeatingChar;
        Map<String, Translator> childTranslators;
        /** Returns the replacement text, {@link #REMOVE}, or null to keep what the children wrote. */
        Function<Ctx, Object> postprocess;

        /** {@code {...this, ...over}}. */
        Cfg merge(Cfg over) {
            Cfg c = new Cfg();
            c.ignore = over.ignore != null ? over.ignore : ignore;
            c.recurse = over.recurse != null ? over.recurse : recurse;
            c.surroundingNewlines = over.surroundingNewlines != null ? over.surroundingNewlines : surroundingNewlines;
            c.prefix = over.prefix != null ? over.prefix : prefix;
            c.postfix = over.postfix != null ? over.postfix : postfix;
            c.content = over.content != null ? over.content : content;
            c.noEscape = over.noEscape != null ? over.noEscape : noEscape;
            c.spaceIfRepeatingChar =
                    over.spaceIfRepeatingChar != null ? over.spaceIfRepeatingChar : spaceIfRepeatingChar;
            c.childTranslators = over.childTranslators != null ? over.childTranslators : childTranslators;
            c.postprocess = over.postprocess != null ? over.postprocess : postprocess;
            return c;
        }
    }

    /** A fixed config ({@code factory} null) or a factory run per element over an optional fixed {@code base}. */
    record Translator(Cfg fixed, Function<Ctx, Cfg> factory, Cfg base) {
        static Translator of(Cfg fixed) {
            return new Translator(fixed, null, null);
        }

        static Translator of(Function<Ctx, Cfg> factory) {
            return new Translator(null, factory, null);
        }

        boolean isFactory() {
            return factory != null;
        }
    }

    /** What a translator sees: the element, the options, its list/table context and, after the children, content. */
    record Ctx(HtmlTree.Node node, HtmlToMarkdown.Options options, Visitor.Meta meta, Visitor visitor, String content) {
        Ctx withContent(String text) {
            return new Ctx(node, options, meta, visitor, text);
        }

        String listKind() {
            return meta == null ? null : meta.listKind;
        }
    }

    /** The instance's collections, as the library's constructor builds them. */
    final Map<String, Translator> main = new HashMap<>();

    final Map<String, Translator> codeBlock = new HashMap<>();
    final Map<String, Translator> aTag = new HashMap<>();
    final Map<String, Translator> table = new HashMap<>();
    final Map<String, Translator> tableRow = new HashMap<>();
    final Map<String, Translator> tableCell = new HashMap<>();

    Translators(List<String> ignore, List<String> blocks) {
        Cfg ignored = new Cfg();
        ignored.ignore = true;
        ignored.recurse = false;
        Cfg block = new Cfg();
        block.surroundingNewlines = 2;
        for (String el : ignore) {
            set(main, el, Translator.of(ignored), false);
            set(codeBlock, el, Translator.of(ignored), false);
        }
        for (String el : blocks) {
            set(main, el, Translator.of(block), false);
            set(codeBlock, el, Translator.of(block), false);
        }
        ElementRules rules = new ElementRules(this);
        rules.main().forEach((keys, t) -> set(main, keys, t, true));
        rules.codeBlock().forEach((keys, t) -> set(codeBlock, keys, t, true));
        rules.aTag().forEach((keys, t) -> set(aTag, keys, t, true));
        rules.table().forEach((keys, t) -> set(table, keys, t, true));
        rules.tableRow().forEach((keys, t) -> set(tableRow, keys, t, true));
        rules.tableCell().forEach((keys, t) -> set(tableCell, keys, t, true));
    }

    private static void set(Map<String, Translator> into, String keys, Translator config, boolean preserveBase) {
        for (String key : keys.split(",", -1)) {
            String el = key.toUpperCase(Locale.ROOT);
            Translator res = config;
            Translator base = into.get(el);
            if (preserveBase && base != null && !base.isFactory()) {
                res = config.isFactory()
                        ? new Translator(null, config.factory(), base.fixed())
                        : Translator.of(base.fixed().merge(config.fixed()));
            }
            into.put(el, res);
        }
    }

    /** The config for one element: a factory's result merged over its base. */
    static Cfg resolve(Translator t, Ctx ctx) {
        if (!t.isFactory()) {
            return t.fixed();
        }
        Cfg made = t.factory().apply(ctx);
        return t.base() == null ? new Cfg().merge(made) : t.base().merge(made);
    }
}
