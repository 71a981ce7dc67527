package io.hetumind.nodes.data.html;

import java.util.ArrayList;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

/** Parses HTML into the tree a browser (and cheerio's parse5) builds, where jsoup deviates from the spec. */
final class HtmlDocs {

    private HtmlDocs() {}

    static Document parse(String html) {
        // the HTML spec's input preprocessing turns CR LF and lone CR into LF
        Document doc = Jsoup.parse(html.replace("\r\n", "\n").replace('\r', '\n'));
        doc.outputSettings().prettyPrint(false);
        Element body = doc.body();
        Element root = body.parent();
        if (root != null) {
            // whitespace after </body> belongs to the body per spec; jsoup keeps it on <html>
            List<Node> after = new ArrayList<>();
            for (Node n = body.nextSibling(); n != null; n = n.nextSibling()) {
                after.add(n);
            }
            for (Node n : after) {
                if (n instanceof TextNode t && t.isBlank()) {
                    body.appendChild(t);
                }
            }
        }
        return doc;
    }
}
