package io.hetumind.nodes.data.markdown;

import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.PropertySpec;

/** The Markdown node's descriptor: n8n's v1 parameters and every option it offers for both directions. */
final class MarkdownDescriptor {

    private MarkdownDescriptor() {}

    private static PropertySpec.Builder patternGroup(String name, String label, boolean multiple) {
        PropertySpec.Builder group = PropertySpec.fixedCollection(name).displayName(label);
        if (multiple) {
            group.multipleValues();
        }
        return group.child(PropertySpec.collection(multiple ? "values" : "value")
                .displayName("Value")
                .child(PropertySpec.string("pattern")
                        .displayName("Pattern")
                        .description("Text to find; n8n hands it on as text, so its first occurrence is replaced"))
                .child(PropertySpec.string("replacement")
                        .displayName("Replacement")
                        .description("Replacement text; $& stands for the match, $$ for a dollar sign")));
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
                                .description("Comma-separated element names to leave out, in any case (elements the"
                                        + " converter treats as blocks, such as P, H1 or TABLE, stay)")
                                .placeholder("e.g. SPAN, IMG"))
                        .child(PropertySpec.bool("keepDataImages").displayName("Keep Images With Data"))
                        .child(patternGroup("lineStartEscape", "Line Start Escape Pattern", false))
                        .child(PropertySpec.number("maxConsecutiveNewlines")
                                .displayName("Max Consecutive New Lines")
                                .defaultValue(3))
                        .child(PropertySpec.bool("useLinkReferenceDefinitions")
                                .displayName("Use Link Reference Definitions")
                                .description(
                                        "Whether to write links as [text][n] with the addresses listed at the end"))
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
                                .description("Extra comma-separated element names to surround with blank lines")
                                .placeholder("e.g. SPAN")))
                .property(toHtmlOptions())
                .build();
    }

    /** showdown's options as n8n offers them; the node passes only those the user added, each as it is. */
    private static PropertySpec.Builder toHtmlOptions() {
        return PropertySpec.collection("options")
                .displayName("Options")
                .showWhen("mode", "markdownToHtml")
                .child(flag("openLinksInNewWindow", "Add Blank To Links", false, "Open links in a new window"))
                .child(flag("simplifiedAutoLink", "Automatic Linking to URLs", false, "Turn bare URLs into links"))
                .child(flag(
                        "backslashEscapesHTMLTags",
                        "Backslash Escapes HTML Tags",
                        false,
                        "Whether \\<tag\\> is written as text"))
                .child(flag(
                        "completeHTMLDocument",
                        "Complete HTML Document",
                        false,
                        "Wrap the output in html, head and body"))
                .child(flag(
                        "customizedHeaderId", "Customized Header ID", false, "Read {#id} after a heading as its id"))
                .child(flag("emoji", "Emoji Support", false, "Replace :name: codes with emoji"))
                .child(flag(
                        "encodeEmails",
                        "Encode Emails",
                        true,
                        "Write e-mail addresses as character references (chosen at random, as showdown does)"))
                .child(flag(
                        "excludeTrailingPunctuationFromURLs",
                        "Exclude Trailing Punctuation From URLs",
                        false,
                        "Leave punctuation after an automatic link out of it"))
                .child(flag("ghCodeBlocks", "GitHub Code Blocks", true, "Read ``` fenced code blocks"))
                .child(flag(
                        "ghCompatibleHeaderId",
                        "GitHub Compatible Header IDs",
                        false,
                        "Make heading ids as GitHub does (dashes, punctuation dropped)"))
                .child(PropertySpec.string("ghMentionsLink")
                        .displayName("GitHub Mention Link")
                        .description("Address a @mention links to; {u} stands for the user name")
                        .defaultValue("https://github.com/{u}"))
                .child(flag("ghMentions", "GitHub Mentions", false, "Turn @name into a link"))
                .child(flag("tasklists", "GitHub Task Lists", false, "Write - [ ] and - [x] items as checkboxes"))
                .child(PropertySpec.number("headerLevelStart")
                        .displayName("Header Level Start")
                        .description("The level a # heading gets")
                        .defaultValue(1))
                .child(flag(
                        "requireSpaceBeforeHeadingText",
                        "Mandatory Space Before Header",
                        false,
                        "Read #text as a heading only with a space after the #"))
                .child(flag(
                        "literalMidWordAsterisks",
                        "Middle Word Asterisks",
                        false,
                        "Keep * inside words as text instead of emphasis"))
                .child(flag(
                        "literalMidWordUnderscores",
                        "Middle Word Underscores",
                        false,
                        "Keep _ inside words as text instead of emphasis"))
                .child(flag("noHeaderId", "No Header ID", false, "Give headings no id"))
                .child(flag(
                        "parseImgDimensions",
                        "Parse Image Dimensions",
                        false,
                        "Read ![alt](src =100x80) sizes into width and height"))
                .child(PropertySpec.string("prefixHeaderId")
                        .displayName("Prefix Header ID")
                        .description("Text put before every heading id")
                        .defaultValue("section"))
                .child(flag(
                        "rawHeaderId",
                        "Raw Header ID",
                        false,
                        "Keep a heading id as written (only spaces, quotes and angle brackets changed)"))
                .child(flag("rawPrefixHeaderId", "Raw Prefix Header ID", false, "Keep the id prefix as written"))
                .child(flag("simpleLineBreaks", "Simple Line Breaks", false, "Turn every line break into <br />"))
                .child(flag(
                        "smartIndentationFix",
                        "Smart Indentation Fix",
                        false,
                        "Remove the indentation the first line shares with the rest"))
                .child(flag(
                        "disableForced4SpacesIndentedSublists",
                        "Spaces Indented Sublists",
                        false,
                        "Read sub-lists indented by fewer than 4 spaces"))
                .child(flag(
                        "splitAdjacentBlockquotes",
                        "Split Adjacent Blockquotes",
                        false,
                        "Keep quotes separated by a blank line apart"))
                .child(flag("strikethrough", "Strikethrough", false, "Read ~~text~~ as struck through"))
                .child(flag("tablesHeaderId", "Tables Header ID", false, "Give table header cells ids"))
                .child(flag("tables", "Tables Support", false, "Read pipe tables"));
    }

    private static PropertySpec.Builder flag(String name, String label, boolean value, String description) {
        return PropertySpec.bool(name)
                .displayName(label)
                .description(description)
                .defaultValue(value);
    }
}
