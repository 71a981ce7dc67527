package io.hetumind.nodes.rss;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.spi.Json;
import io.hetumind.nodes.data.xml.JsonToXml;
import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.Deque;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * XML read into the objects xml2js 0.5 makes with its default options (rss-parser's): every child element in an
 * array under its tag name as written ({@code content:encoded}), attributes under {@code $}, text under {@code _},
 * an element with only text as that text, an empty one as {@code ""}; text that is only whitespace is dropped unless
 * it came from CDATA. Keys in xml2js's order: {@code _} first (it is created with the element), then {@code $},
 * then the children as they close. No DTDs, no external entities.
 */
final class Xml2Js {

    private static final XMLInputFactory FACTORY = factory();

    private Xml2Js() {}

    /** Thrown for text that is not well-formed XML; the message says where. */
    static final class NotXml extends RuntimeException {
        NotXml(String message) {
            super(message);
        }
    }

    private static XMLInputFactory factory() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, false);
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, false);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, true);
        return f;
    }

    /** One element being read. */
    private static final class Open {
        final String name;
        final ObjectNode obj = Json.object();
        final StringBuilder text = new StringBuilder();
        boolean cdata;

        Open(String name) {
            this.name = name;
            obj.put("_", ""); // holds the first place, as xml2js's charkey does
        }
    }

    /** {@code {root: …}}, or null for text that is empty or only whitespace (xml2js gives null then). */
    static ObjectNode parse(String xml) {
        if (xml.strip().isEmpty()) {
            return null;
        }
        if (xml.startsWith("\uFEFF")) {
            xml = xml.substring(1);
        }
        Deque<Open> stack = new ArrayDeque<>();
        try {
            XMLStreamReader r = FACTORY.createXMLStreamReader(new StringReader(xml));
            try {
                while (r.hasNext()) {
                    int event = r.next();
                    switch (event) {
                        case XMLStreamConstants.START_ELEMENT -> {
                            Open o = new Open(name(r.getPrefix(), r.getLocalName()));
                            if (r.getAttributeCount() > 0) {
                                ObjectNode attrs = o.obj.putObject("$");
                                for (int k = 0; k < r.getAttributeCount(); k++) {
                                    attrs.put(
                                            name(r.getAttributePrefix(k), r.getAttributeLocalName(k)),
                                            r.getAttributeValue(k));
                                }
                            }
                            for (int k = 0; k < r.getNamespaceCount(); k++) {
                                // non-namespace-aware readers may still report xmlns declarations apart
                                String prefix = r.getNamespacePrefix(k);
                                ObjectNode attrs = o.obj.has("$") ? (ObjectNode) o.obj.get("$") : o.obj.putObject("$");
                                attrs.put(
                                        prefix == null || prefix.isEmpty() ? "xmlns" : "xmlns:" + prefix,
                                        r.getNamespaceURI(k));
                            }
                            stack.push(o);
                        }
                        case XMLStreamConstants.CHARACTERS, XMLStreamConstants.SPACE -> {
                            if (!stack.isEmpty()) {
                                stack.peek().text.append(r.getText());
                            }
                        }
                        case XMLStreamConstants.CDATA -> {
                            if (!stack.isEmpty()) {
                                stack.peek().text.append(r.getText());
                                stack.peek().cdata = true;
                            }
                        }
                        case XMLStreamConstants.END_ELEMENT -> {
                            Open o = stack.pop();
                            JsonNode value = close(o);
                            if (stack.isEmpty()) {
                                ObjectNode root = Json.object();
                                root.set(o.name, value);
                                return root;
                            }
                            ObjectNode parent = stack.peek().obj;
                            JsonNode existing = parent.get(o.name);
                            if (existing instanceof ArrayNode list) {
                                list.add(value);
                            } else {
                                parent.putArray(o.name).add(value);
                            }
                        }
                        default -> {
                            // comments, processing instructions, the DTD: not part of the result
                        }
                    }
                }
            } finally {
                r.close();
            }
        } catch (XMLStreamException e) {
            String message = e.getMessage() == null ? "" : e.getMessage();
            throw new NotXml("Unable to parse XML: "
                    + message.replaceAll(
                            "^ParseError at \\[row,col\\]:\\[(\\d+),(\\d+)\\]\\s*Message:\\s*",
                            "line $1, column $2: "));
        }
        throw new NotXml("Unable to parse XML: the text ends inside an element");
    }

    /** xml2js's onclosetag with the default options. */
    private static JsonNode close(Open o) {
        String text = o.text.toString();
        ObjectNode obj = o.obj;
        if (isJsBlank(text) && !o.cdata) {
            obj.remove("_");
            if (obj.isEmpty()) {
                return Json.F.textNode(text); // emptyTag '' → the whitespace itself
            }
            return obj;
        }
        obj.put("_", text);
        if (obj.size() == 1) {
            return Json.F.textNode(text);
        }
        return obj;
    }

    /** JavaScript's {@code /^\s*$/}. */
    static boolean isJsBlank(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean space = c == ' '
                    || c == '\t'
                    || c == '\n'
                    || c == '\r'
                    || c == 0x0B
                    || c == '\f'
                    || c == 0xA0
                    || c == 0x1680
                    || (c >= 0x2000 && c <= 0x200A)
                    || c == 0x2028
                    || c == 0x2029
                    || c == 0x202F
                    || c == 0x205F
                    || c == 0x3000
                    || c == 0xFEFF;
            if (!space) {
                return false;
            }
        }
        return true;
    }

    private static String name(String prefix, String local) {
        return prefix == null || prefix.isEmpty() ? local : prefix + ":" + local;
    }

    /**
     * xml2js's Builder as rss-parser's getContent calls it ({@code headless}, root {@code div}, not pretty): {@code $}
     * becomes the root's attributes, {@code _} its text, every other key child elements, in key order.
     */
    static String build(JsonNode content) {
        return JsonToXml.build(content, new JsonToXml.Options("$", "_", false, true, "div", false, false));
    }
}
