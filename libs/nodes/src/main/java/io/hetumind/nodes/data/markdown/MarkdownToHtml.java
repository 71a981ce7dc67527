package io.hetumind.nodes.data.markdown;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Markdown to HTML as n8n's Markdown node does it: showdown, with each option the user set handed to it. */
final class MarkdownToHtml {

    private MarkdownToHtml() {}

    /**
     * Converts with the options the user added to the node; an option not added keeps showdown's default (which
     * is not always the default n8n's form shows: n8n passes only what was added).
     */
    static String render(String markdown, ObjectNode options) {
        return Showdown.makeHtml(markdown, options.toString());
    }
}
