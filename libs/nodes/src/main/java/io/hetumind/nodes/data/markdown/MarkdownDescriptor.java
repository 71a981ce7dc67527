package io.hetumind.nodes.data.markdown;

import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.PropertySpec;

/** The Markdown node's descriptor: n8n's v1 parameters, limited to the options this converter honours. */
final class MarkdownDescriptor {

    private MarkdownDescriptor() {}

    private static PropertySpec.Builder patternGroup(String name, String label, boolean multiple) {
        PropertySpec.Builder group = PropertySpec.fixedCollection(name).displayName(label);
        if (multiple) {
            group.multipleValues();
        }
        return group.child(PropertySpec.collection(multiple ? "values" : "value")
                .displayName("Value")
                .child(PropertySpec.string("pattern").displayName("Pattern").description("Regular expression"))
                .child(PropertySpec.string("replacement")
                        .displayName("Replacement")
                        .description("$1, $& allowed")));
    }

    static NodeDescriptor build() {
        return NodeDescriptor.builder("hetumind.markdown")
                .versions(1)
                .displayName("Markdown")
                .description("Convert data between Markdown and HTML")
                .group(NodeGroup.DATA)
                .icon("markdown")
                .alias("n8n-nodes-base.markdown")
                .property(PropertySpec.options("mode")
                        .displayName("Mode")
                        .option("markdownToHtml", "Markdown to HTML", "Convert data from Markdown to HTML")
                        .option("htmlToMarkdown", "HTML to Markdown", "Convert data from HTML to Markdown")
                        .defaultValue("htmlToMarkdown"))
                .property(PropertySpec.string("html")
                        .displayName("HTML")
                        .description("The HTML to be converted to Markdown")
                        .showWhen("mode", "htmlToMarkdown"))
                .property(PropertySpec.string("markdown")
                        .displayName("Markdown")
                        .description("The Markdown to be converted to HTML")
                        .showWhen("mode", "markdownToHtml"))
                .property(PropertySpec.string("destinationKey")
                        .displayName("Destination Key")
                        .description("The field to put the output in; nested fields with dots, e.g. level1.level2")
                        .defaultValue("data")
                        .required())
                .property(PropertySpec.collection("options")
                        .displayName("Options")
                        .showWhen("mode", "htmlToMarkdown")
                        .child(PropertySpec.string("bulletMarker")
                                .displayName("Bullet Marker")
                                .defaultValue("*"))
                        .child(PropertySpec.string("codeFence")
                                .displayName("Code Block Fence")
                                .defaultValue("```"))
                        .child(PropertySpec.string("emDelimiter")
                                .displayName("Italic Delimiter")
                                .defaultValue("_"))
                        .child(patternGroup("globalEscape", "Global Escape Pattern", false))
                        .child(PropertySpec.string("ignore")
                                .displayName("Ignored Elements")
                                .description("Comma-separated element names to leave out, matched as node-html-markdown"
                                        + " does: in capitals, e.g. H1, IMG")
                                .placeholder("e.g. H1, P"))
                        .child(PropertySpec.bool("keepDataImages").displayName("Keep Images With Data"))
                        .child(patternGroup("lineStartEscape", "Line Start Escape Pattern", false))
                        .child(PropertySpec.number("maxConsecutiveNewlines")
                                .displayName("Max Consecutive New Lines")
                                .defaultValue(3))
                        .child(PropertySpec.string("strongDelimiter")
                                .displayName("Bold Delimiter")
                                .defaultValue("**"))
                        .child(PropertySpec.options("codeBlockStyle")
                                .displayName("Style For Code Block")
                                .option("fence", "Fence")
                                .option("indented", "Indented")
                                .defaultValue("fence"))
                        .child(patternGroup("textReplace", "Text Replacement Pattern", true))
                        .child(PropertySpec.string("blockElements")
                                .displayName("Treat As Blocks")
                                .description("Extra element names (in capitals) to surround with blank lines")
                                .placeholder("e.g. SPAN")))
                .property(PropertySpec.collection("options")
                        .displayName("Options")
                        .showWhen("mode", "markdownToHtml")
                        .child(PropertySpec.bool("completeHTMLDocument")
                                .displayName("Output as Complete HTML Document"))
                        .child(PropertySpec.bool("ellipsis")
                                .displayName("Ellipsis")
                                .description("Whether to replace three dots with the ellipsis character")
                                .defaultValue(true))
                        .child(PropertySpec.bool("ghCompatibleHeaderId").displayName("GitHub Compatible Header ID"))
                        .child(PropertySpec.number("headerLevelStart")
                                .displayName("Header Starting Level")
                                .defaultValue(1))
                        .child(PropertySpec.bool("noHeaderId").displayName("No Header ID"))
                        .child(PropertySpec.bool("openLinksInNewWindow").displayName("Open Links in New Window"))
                        .child(PropertySpec.string("prefixHeaderId").displayName("Add Header Prefix"))
                        .child(PropertySpec.bool("simpleLineBreaks").displayName("Line Breaks as <br>"))
                        .child(PropertySpec.bool("strikethrough").displayName("Strikethrough"))
                        .child(PropertySpec.bool("tables").displayName("Tables")))
                .build();
    }
}
