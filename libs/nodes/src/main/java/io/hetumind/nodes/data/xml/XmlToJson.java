package io.hetumind.nodes.data.xml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.spi.Json;
import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import javax.xml.XMLConstants;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/** Parses XML into JSON the way xml2js does (n8n's XML node), honouring its main options. */
final class XmlToJson {

    /** xml2js parser options that n8n exposes. */
    record Options(
            String attrkey,
            String charkey,
            boolean explicitArray,
            boolean explicitRoot,
            boolean ignoreAttrs,
            boolean mergeAttrs,
            boolean normalize,
            boolean normalizeTags,
            boolean trim) {}

    private XmlToJson() {}

    /** The parsed document; {@link IllegalArgumentException} with line and column when it is not XML. */
    static JsonNode parse(String xml, Options o) {
        Handler h = new Handler(o);
        try {
            SAXParserFactory f = SAXParserFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            SAXParser p = f.newSAXParser();
            p.parse(new InputSource(new StringReader(xml)), h);
        } catch (SAXParseException e) {
            throw new IllegalArgumentException(
                    e.getMessage() + " (line " + e.getLineNumber() + ", column " + e.getColumnNumber() + ")", e);
        } catch (Exception e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return h.result == null ? Json.F.nullNode() : h.result;
    }

    /** Builds the tree on SAX events, as xml2js's open/text/close handlers do. */
    private static final class Handler extends DefaultHandler {
        private final Options o;
        private final Deque<ObjectNode> stack = new ArrayDeque<>();
        private final Deque<StringBuilder> texts = new ArrayDeque<>();
        private final Deque<String> names = new ArrayDeque<>();
        private JsonNode result;

        Handler(Options o) {
            this.o = o;
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes atts) {
            ObjectNode obj = Json.object();
            if (!o.ignoreAttrs()) {
                for (int i = 0; i < atts.getLength(); i++) {
                    String key = atts.getQName(i);
                    if (o.mergeAttrs()) {
                        assignOrPush(obj, key, Json.F.textNode(atts.getValue(i)));
                    } else {
                        obj.withObjectProperty(o.attrkey()).put(key, atts.getValue(i));
                    }
                }
            }
            stack.push(obj);
            texts.push(new StringBuilder());
            names.push(o.normalizeTags() ? qName.toLowerCase(Locale.ROOT) : qName);
        }

        @Override
        public void characters(char[] ch, int start, int length) {
            texts.peek().append(ch, start, length);
        }

        @Override
        public void endElement(String uri, String localName, String qName) {
            ObjectNode obj = stack.pop();
            String text = texts.pop().toString();
            String name = names.pop();
            JsonNode value = obj;
            boolean blank = text.isBlank();
            if (!blank) {
                if (o.trim()) {
                    text = text.strip();
                }
                if (o.normalize()) {
                    text = text.replaceAll("\\s{2,}", " ").strip();
                }
                obj.put(o.charkey(), text);
            }
            if (obj.isEmpty()) {
                value = Json.F.textNode(blank ? text : "");
            } else if (obj.size() == 1 && obj.has(o.charkey())) {
                value = obj.get(o.charkey());
            }
            if (!stack.isEmpty()) {
                assignOrPush(stack.peek(), name, value);
            } else if (o.explicitRoot()) {
                ObjectNode root = Json.object();
                root.set(name, value);
                result = root;
            } else {
                result = value;
            }
        }

        private void assignOrPush(ObjectNode obj, String key, JsonNode value) {
            JsonNode existing = obj.get(key);
            if (existing == null) {
                obj.set(key, o.explicitArray() ? Json.array().add(value) : value);
            } else if (existing instanceof ArrayNode arr) {
                arr.add(value);
            } else {
                obj.set(key, Json.array().add(existing).add(value));
            }
        }
    }
}
