package io.hetumind.nodes.ai.vector;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The text layout of the {@code html-to-text} package (9.x, default options), written here for
 * {@link HtmlText}: nested blocks each keep their finished text plus a line being filled word by
 * word; a block's leading and trailing line breaks meet as the larger of the two (none at the very
 * start or end); words wrap at 80 characters (a longer word stands alone on its line); list items are
 * indented by their prefix; whitespace is collapsed except in {@code pre}.
 */
final class TextBlocks {

    static final int WORDWRAP = 80;
    private static final String WHITESPACE = " \t\r\n\f\u200b";

    /** A block: finished text, the line being filled, line breaks owed to what comes next. */
    private static class Block {
        final Block parent;
        final Words words;
        String raw = "";
        int leadingBreaks;
        int stashedBreaks;
        boolean pre;

        Block(Block parent, int leadingBreaks, int maxLineLength) {
            this.parent = parent;
            this.leadingBreaks = leadingBreaks;
            this.words = new Words(maxLineLength);
            this.pre = parent != null && parent.pre;
        }

        String text() {
            return words.isEmpty() ? raw : raw + words;
        }

        /** Appends a finished child text, separated by the larger of the owed and asked line breaks. */
        void add(String text, int leading, int trailing) {
            String before = text();
            int breaks = Math.max(stashedBreaks, leading);
            words.clear();
            if (!before.isEmpty()) {
                raw = before + "\n".repeat(breaks) + text;
            } else {
                raw = text;
                leadingBreaks = breaks;
            }
            stashedBreaks = trailing;
        }
    }

    private static final class ListBlock extends Block {
        final int maxPrefixLength;

        ListBlock(Block parent, int leadingBreaks, int maxPrefixLength) {
            super(parent, leadingBreaks, parent.words.maxLineLength);
            this.maxPrefixLength = maxPrefixLength;
        }
    }

    private static final class ItemBlock extends Block {
        final String prefix;

        ItemBlock(ListBlock list, String prefix, int maxLineLength) {
            super(list, 1, maxLineLength);
            this.prefix = prefix;
        }
    }

    private Block current = new Block(null, 1, WORDWRAP);
    private final List<UnaryOperator<String>> transforms = new ArrayList<>();

    /** Applies {@code transform} to every word added until {@link #popTransform()}, innermost first. */
    void pushTransform(UnaryOperator<String> transform) {
        transforms.add(transform);
    }

    void popTransform() {
        transforms.removeLast();
    }

    private String transformed(String word) {
        String w = word;
        for (int i = transforms.size() - 1; i >= 0; i--) {
            w = transforms.get(i).apply(w);
        }
        return w;
    }

    void lineBreak() {
        if (current.pre) {
            current.raw += "\n";
        } else {
            current.words.newLine(1);
        }
    }

    void wordBreakOpportunity() {
        current.words.wordBreakOpportunity = true;
    }

    /** Inline text: its words join the line (whitespace collapses), or verbatim inside {@code pre}. */
    void inline(String text, boolean noTransform) {
        if (current.pre) {
            current.raw += text;
            return;
        }
        if (text.isEmpty() || (current.stashedBreaks > 0 && !containsWords(text))) {
            return;
        }
        if (current.stashedBreaks > 0) {
            current.words.newLine(current.stashedBreaks);
        }
        addWords(text, current.words, noTransform);
        current.stashedBreaks = 0;
    }

    private void addWords(String text, Words words, boolean noTransform) {
        boolean stashed = words.stashedSpace;
        boolean any = false;
        int i = 0;
        while (i < text.length()) {
            while (i < text.length() && isSpace(text.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < text.length() && !isSpace(text.charAt(i))) {
                i++;
            }
            if (i > start) {
                String word = noTransform ? text.substring(start, i) : transformed(text.substring(start, i));
                if (!any && !stashed && !isSpace(text.charAt(0))) {
                    words.concat(word);
                } else {
                    words.push(word);
                }
                any = true;
            }
        }
        words.stashedSpace = (stashed && !any) || isSpace(text.charAt(text.length() - 1));
    }

    void openBlock(int leadingBreaks, int reservedLineLength, boolean pre) {
        int max = Math.max(20, current.words.maxLineLength - reservedLineLength);
        current = new Block(current, leadingBreaks, max);
        if (pre) {
            current.pre = true;
        }
    }

    void closeBlock(int trailingBreaks, UnaryOperator<String> blockTransform) {
        Block block = current;
        current = block.parent;
        String text = blockTransform == null ? block.text() : blockTransform.apply(block.text());
        current.add(text, block.leadingBreaks, Math.max(block.stashedBreaks, trailingBreaks));
    }

    void openList(int leadingBreaks, int maxPrefixLength) {
        current = new ListBlock(current, leadingBreaks, maxPrefixLength);
    }

    void openListItem(String prefix) {
        ListBlock list = (ListBlock) current;
        int prefixLength = Math.max(prefix.length(), list.maxPrefixLength);
        current = new ItemBlock(list, prefix, Math.max(20, list.words.maxLineLength - prefixLength));
    }

    void closeListItem() {
        ItemBlock item = (ItemBlock) current;
        ListBlock list = (ListBlock) item.parent;
        current = list;
        int prefixLength = Math.max(item.prefix.length(), list.maxPrefixLength);
        String prefix = item.prefix + " ".repeat(prefixLength - item.prefix.length());
        String text = prefix + item.text().replace("\n", "\n" + " ".repeat(prefixLength));
        list.add(text, item.leadingBreaks, Math.max(item.stashedBreaks, 1));
    }

    void closeList(int trailingBreaks) {
        Block list = current;
        current = list.parent;
        String text = list.text();
        if (!text.isEmpty()) {
            current.add(text, list.leadingBreaks, trailingBreaks);
        }
    }

    String result() {
        Block root = current;
        while (root.parent != null) {
            root = root.parent;
        }
        return root.text();
    }

    static boolean isSpace(char c) {
        return WHITESPACE.indexOf(c) >= 0;
    }

    private static boolean containsWords(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (!isSpace(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** Lines of words wrapped at {@code maxLineLength}; a word longer than that is not split. */
    private static final class Words {
        final int maxLineLength;
        final List<List<String>> lines = new ArrayList<>();
        List<String> line = new ArrayList<>();
        int available;
        boolean stashedSpace;
        boolean wordBreakOpportunity;

        Words(int maxLineLength) {
            this.maxLineLength = maxLineLength;
            this.available = maxLineLength;
        }

        void push(String word) {
            if (available <= 0) {
                newLine(1);
            }
            boolean lineStart = line.isEmpty();
            int cost = word.length() + (lineStart ? 0 : 1);
            if (cost <= available) {
                line.add(word);
                available -= cost;
            } else {
                if (!lineStart) {
                    newLine(1);
                }
                line.add(word);
                available -= word.length();
            }
        }

        /** Glues {@code word} to the last word (no space between), unless a {@code wbr} lets it wrap. */
        void concat(String word) {
            if (wordBreakOpportunity && word.length() > available) {
                push(word);
                wordBreakOpportunity = false;
                return;
            }
            String last = line.isEmpty() ? null : line.removeLast();
            if (last != null) {
                available += last.length() + (line.isEmpty() ? 0 : 1);
            }
            push(last == null ? word : last + word);
        }

        void newLine(int n) {
            lines.add(line);
            for (int i = 1; i < n; i++) {
                lines.add(new ArrayList<>());
            }
            line = new ArrayList<>();
            available = maxLineLength;
        }

        boolean isEmpty() {
            return lines.isEmpty() && line.isEmpty();
        }

        void clear() {
            lines.clear();
            line = new ArrayList<>();
            available = maxLineLength;
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            for (List<String> l : lines) {
                sb.append(String.join(" ", l)).append('\n');
            }
            return sb.append(String.join(" ", line)).toString();
        }
    }
}
