package io.hetumind.nodes.data.xml;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.nodes.internal.Js;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Writes JSON as pretty-printed XML the way xml2js's Builder does (n8n's XML node). */
public final class JsonToXml {

    /** xml2js builder options: those n8n's XML node exposes, and {@code renderOpts.pretty}. */
    public record Options(
            String attrkey,
            String charkey,
            boolean cdata,
            boolean headless,
            String rootName,
            boolean allowSurrogateChars,
            boolean pretty) {

        /** Pretty-printed, as the XML node writes it. */
        public Options(
                String attrkey,
                String charkey,
                boolean cdata,
                boolean headless,
                String rootName,
                boolean allowSurrogateChars) {
            this(attrkey, charkey, cdata, headless, rootName, allowSurrogateChars, true);
        }
    }

    /** xmlbuilder's assertLegalName: XML 1.0's NameStartChar, then NameChar. */
    private static final Pattern NAME = Pattern.compile(
            "[:A-Z_a-z\\xC0-\\xD6\\xD8-\\xF6\\xF8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C\\u200D"
                    + "\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD\\x{10000}-\\x{EFFFF}]"
                    + "[\\-.0-:A-Z_a-z\\xB7\\xC0-\\xD6\\xD8-\\xF6\\xF8-\\u037D\\u037F-\\u1FFF\\u200C\\u200D\\u203F\\u2040"
                    + "\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD\\x{10000}-\\x{EFFFF}]*");

    private static final Pattern SURROGATE = Pattern.compile("[\\uD800-\\uDFFF]");
    /** Characters XML 1.0 cannot hold: C0 controls but tab and line ends, U+FFFE/U+FFFF, lone surrogates. */
    private static final Pattern ILLEGAL =
            Pattern.compile("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\uFFFE\\uFFFF\\uD800-\\uDFFF]");

    /** One element being built: attributes, then text and child elements in order. */
    private static final class Element {
        final String name;
        final Map<String, String> attributes = new LinkedHashMap<>();
        final List<Object> children = new ArrayList<>();

        Element(String name) {
            if (!NAME.matcher(name).matches()) {
                // xmlbuilder's message, word for word (n8n shows it as the node's error)
                throw new IllegalArgumentException("Invalid character in name");
            }
            this.name = name;
        }
    }

    private final Options o;

    private JsonToXml(Options o) {
        this.o = o;
    }

    /** The XML text of {@code root}; {@link IllegalArgumentException} for names XML cannot hold. */
    public static String build(JsonNode root, Options o) {
        String rootName = o.rootName();
        JsonNode body = root;
        if (root.isObject() && root.size() == 1 && rootName.equals("root")) {
            rootName = root.fieldNames().next();
            body = root.get(rootName);
        }
        JsonToXml b = new JsonToXml(o);
        Element el = new Element(rootName);
        b.render(el, body);
        StringBuilder sb = new StringBuilder();
        if (!o.headless()) {
            sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n");
        }
        if (o.pretty()) {
            b.write(sb, el, 0);
        } else {
            b.writeCompact(sb, el);
        }
        return sb.toString().stripTrailing();
    }

    private void render(Element el, JsonNode value) {
        if (value == null || value.isNull()) {
            return;
        }
        if (!value.isContainerNode()) {
            el.children.add(text(Js.toString(value, false)));
            return;
        }
        if (value.isArray()) {
            for (JsonNode child : value) {
                if (child.isObject()) {
                    child.properties().forEach(e -> element(el, e.getKey(), e.getValue()));
                }
            }
            return;
        }
        value.properties().forEach(e -> {
            String key = e.getKey();
            JsonNode child = e.getValue();
            if (key.equals(o.attrkey()) && child.isObject()) {
                child.properties().forEach(a -> el.attributes.put(a.getKey(), Js.toString(a.getValue(), false)));
            } else if (key.equals(o.charkey())) {
                el.children.add(text(Js.toString(child, false)));
            } else if (child.isArray()) {
                for (JsonNode entry : child) {
                    element(el, key, entry);
                }
            } else {
                element(el, key, child);
            }
        });
    }

    private void element(Element parent, String key, JsonNode value) {
        Element child = new Element(key);
        render(child, value);
        parent.children.add(child);
    }

    /** Text, or a CDATA section when asked for and the text needs escaping. */
    private Object text(String s) {
        Matcher bad = ILLEGAL.matcher(s);
        if (bad.find()
                && (!o.allowSurrogateChars() || !SURROGATE.matcher(bad.group()).matches())) {
            // xmlbuilder's assertLegalChar message, word for word
            throw new IllegalArgumentException("Invalid character in string: " + s + " at index " + bad.start());
        }
        if (o.cdata() && (s.contains("<") || s.contains("&"))) {
            return new StringBuilder("<![CDATA[")
                    .append(s.replace("]]>", "]]]]><![CDATA[>"))
                    .append("]]>");
        }
        return s;
    }

    private void write(StringBuilder sb, Element el, int depth) {
        String indent = "  ".repeat(depth);
        sb.append(indent).append('<').append(el.name);
        el.attributes.forEach((k, v) ->
                sb.append(' ').append(k).append("=\"").append(escapeAttr(v)).append('"'));
        boolean empty = el.children.stream().allMatch(c -> c instanceof String s && s.isEmpty());
        if (empty) {
            sb.append("/>\n");
            return;
        }
        if (el.children.size() == 1 && !(el.children.getFirst() instanceof Element)) {
            sb.append('>')
                    .append(content(el.children.getFirst()))
                    .append("</")
                    .append(el.name)
                    .append(">\n");
            return;
        }
        sb.append(">\n");
        for (Object c : el.children) {
            if (c instanceof Element child) {
                write(sb, child, depth + 1);
            } else {
                sb.append(indent).append("  ").append(content(c)).append('\n');
            }
        }
        sb.append(indent).append("</").append(el.name).append(">\n");
    }

    /** xmlbuilder without {@code pretty}: no indentation, no line breaks. */
    private void writeCompact(StringBuilder sb, Element el) {
        sb.append('<').append(el.name);
        el.attributes.forEach((k, v) ->
                sb.append(' ').append(k).append("=\"").append(escapeAttr(v)).append('"'));
        if (el.children.stream().allMatch(c -> c instanceof String s && s.isEmpty())) {
            sb.append("/>");
            return;
        }
        sb.append('>');
        for (Object c : el.children) {
            if (c instanceof Element child) {
                writeCompact(sb, child);
            } else {
                sb.append(content(c));
            }
        }
        sb.append("</").append(el.name).append('>');
    }

    private static String content(Object c) {
        return c instanceof StringBuilder raw ? raw.toString() : escapeText((String) c);
    }

    private static String escapeText(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#xD;");
    }

    private static String escapeAttr(String s) {
        return s.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace("\"", "&quot;")
                .replace("\t", "&#x9;")
                .replace("\n", "&#xA;")
                .replace("\r", "&#xD;");
    }
}
