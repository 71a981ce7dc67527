package io.hetumind.nodes.data.markdown;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.commonmark.Extension;
import org.commonmark.ext.gfm.strikethrough.StrikethroughExtension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.Heading;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/** Markdown to HTML with CommonMark, shaped like showdown's output (header ids, ellipses, document wrapper). */
final class MarkdownToHtml {

    /** The showdown options n8n exposes that this renderer honours. */
    record Options(
            boolean completeHtmlDocument,
            boolean noHeaderId,
            boolean ghCompatibleHeaderId,
            String prefixHeaderId,
            int headerLevelStart,
            boolean openLinksInNewWindow,
            boolean simpleLineBreaks,
            boolean ellipsis,
            boolean tables,
            boolean strikethrough) {}

    private MarkdownToHtml() {}

    static String render(String markdown, Options o) {
        List<Extension> ext = new ArrayList<>();
        if (o.tables()) {
            ext.add(TablesExtension.create());
        }
        if (o.strikethrough()) {
            ext.add(StrikethroughExtension.create());
        }
        Node doc = Parser.builder().extensions(ext).build().parse(markdown);
        Map<Heading, String> ids = new HashMap<>();
        Map<String, Integer> seen = new HashMap<>();
        doc.accept(new AbstractVisitor() {
            @Override
            public void visit(Text text) {
                if (o.ellipsis()) {
                    text.setLiteral(text.getLiteral().replace("...", "…"));
                }
            }

            @Override
            public void visit(Heading heading) {
                String id = headerId(plainText(heading), o);
                Integer n = seen.get(id);
                seen.put(id, n == null ? 1 : n + 1);
                ids.put(heading, n == null ? id : id + "-" + n);
                heading.setLevel(Math.min(6, heading.getLevel() + Math.max(1, o.headerLevelStart()) - 1));
                visitChildren(heading);
            }
        });
        HtmlRenderer renderer = HtmlRenderer.builder()
                .extensions(ext)
                .softbreak(o.simpleLineBreaks() ? "<br />\n" : "\n")
                .attributeProviderFactory(c -> (node, tag, attrs) -> {
                    if (node instanceof Heading h && !o.noHeaderId()) {
                        attrs.put("id", ids.get(h));
                    }
                    if (node instanceof Link && o.openLinksInNewWindow()) {
                        attrs.put("rel", "noopener noreferrer");
                        attrs.put("target", "_blank");
                    }
                })
                .build();
        String html = renderer.render(doc).strip();
        if (!o.completeHtmlDocument()) {
            return html;
        }
        return "<!DOCTYPE HTML>\n<html>\n<head>\n<meta charset=\"utf-8\">\n</head>\n<body>\n" + html
                + "\n</body>\n</html>";
    }

    private static String plainText(Node node) {
        StringBuilder sb = new StringBuilder();
        node.accept(new AbstractVisitor() {
            @Override
            public void visit(Text text) {
                sb.append(text.getLiteral());
            }

            @Override
            public void visit(Code code) {
                sb.append(code.getLiteral());
            }
        });
        return sb.toString();
    }

    /** showdown's header ids: word characters only, or GitHub's dashed form. */
    static String headerId(String title, Options o) {
        String id = o.ghCompatibleHeaderId()
                ? title.replace(' ', '-').replaceAll("[&+$,/:;=?@\"#{}|^~\\[\\]`\\\\*)(%.!'<>…]", "")
                : title.replaceAll("[^\\w]", "");
        return (o.prefixHeaderId() == null ? "" : o.prefixHeaderId()) + id.toLowerCase(java.util.Locale.ROOT);
    }
}
