package io.hetumind.nodes.email;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.spi.Json;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The JSON of a {@code resolved} mail: the shape of mailparser's {@code simpleParser} as n8n hands it on
 * ({@code headers} as {name: "Name: value"}, {@code html} — false without one —, {@code text},
 * {@code textAsHtml}, the address headers as {value: [{address, name}], html, text}, the date as
 * JavaScript prints it), then {@code attributes.uid}. The attachments are the caller's.
 */
final class MailparserJson {

    /** What mailparser lifts from the header into the resolved item, in its order. */
    private static final List<String> RESOLVED_HEADERS = List.of(
            "subject", "references", "date", "to", "from", "cc", "bcc", "message-id", "in-reply-to", "reply-to");

    private static final Set<String> ADDRESS_HEADERS = Set.of("to", "from", "cc", "bcc", "reply-to");

    /** JavaScript's Date.toISOString: always milliseconds, always UTC. */
    private static final DateTimeFormatter JS_DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(java.time.ZoneOffset.UTC);

    private MailparserJson() {}

    /** {@code text} and {@code html} are the body parts' contents, null when the mail has none. */
    static ObjectNode of(MimeMessage message, String text, String html, long uid) throws MessagingException {
        if (text == null && html != null) {
            text = htmlToText(html);
        }
        ObjectNode json = Json.F.objectNode();
        ObjectNode headers = json.putObject("headers");
        for (String line : Collections.list(message.getAllHeaderLines())) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line);
            }
        }
        if (html != null) {
            json.put("html", html);
        }
        if (text != null) {
            json.put("text", text);
            json.put("textAsHtml", textToHtml(text));
        }
        for (String name : RESOLVED_HEADERS) {
            String value = message.getHeader(name, ",");
            if (value == null) {
                continue;
            }
            String key = camel(name);
            if (ADDRESS_HEADERS.contains(name)) {
                json.set(key, addresses(message, name));
            } else if (name.equals("date")) {
                Date sent = message.getSentDate();
                if (sent != null) {
                    json.put(key, JS_DATE.format(sent.toInstant()));
                }
            } else if (name.equals("references")) {
                String[] ids = MimeUtility.unfold(value).strip().split("\\s+");
                if (ids.length == 1) {
                    json.put(key, ids[0]);
                } else {
                    ArrayNode list = json.putArray(key);
                    for (String id : ids) {
                        list.add(id);
                    }
                }
            } else {
                json.put(key, ImapItems.decode(value));
            }
        }
        if (html == null) {
            json.put("html", false); // mailparser's value for a mail without HTML
        }
        json.putObject("attributes").put("uid", uid);
        return json;
    }

    private static String camel(String header) {
        StringBuilder out = new StringBuilder();
        boolean up = false;
        for (char c : header.toCharArray()) {
            if (c == '-') {
                up = true;
            } else {
                out.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return out.toString();
    }

    /** mailparser's address object: {value: [{address, name}], html, text}. */
    private static ObjectNode addresses(MimeMessage message, String header) throws MessagingException {
        String raw = message.getHeader(header, ",");
        List<InternetAddress> list = new ArrayList<>();
        try {
            for (Address a : InternetAddress.parseHeader(MimeUtility.unfold(raw), false)) {
                if (a instanceof InternetAddress ia) {
                    list.add(ia);
                }
            }
        } catch (jakarta.mail.internet.AddressException e) {
            // an unparseable header gives an empty list, as mailparser gives for garbage
        }
        ObjectNode out = Json.F.objectNode();
        ArrayNode value = out.putArray("value");
        List<String> html = new ArrayList<>();
        List<String> text = new ArrayList<>();
        for (InternetAddress a : list) {
            String name = a.getPersonal() == null ? "" : a.getPersonal();
            String address = a.getAddress() == null ? "" : a.getAddress();
            value.addObject().put("address", address).put("name", name);
            String link =
                    "<a href=\"mailto:" + escape(address) + "\" class=\"mp_address_email\">" + escape(address) + "</a>";
            html.add("<span class=\"mp_address_group\">"
                    + (name.isEmpty()
                            ? link
                            : "<span class=\"mp_address_name\">" + escape(name) + "</span> &lt;" + link + "&gt;")
                    + "</span>");
            text.add(
                    name.isEmpty()
                            ? address
                            : "\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\" <" + address + ">");
        }
        out.put("html", String.join(", ", html));
        out.put("text", String.join(", ", text));
        return out;
    }

    /** mailparser's textToHtml without link detection: escaped, paragraphs and line breaks kept. */
    static String textToHtml(String text) {
        String encoded = escape(text).replaceAll("\\r?\\n", "\n").strip();
        encoded = encoded.replaceAll("(?m)[ \\t]+$", "").strip();
        encoded = encoded.replaceAll("\\n\\n+", "</p><p>").strip().replace("\n", "<br/>");
        return "<p>" + encoded + "</p>";
    }

    /** A plain reading of an HTML body for mails without a text part (mailparser uses html-to-text). */
    static String htmlToText(String html) {
        String t = html.replaceAll("(?is)<(script|style)[^>]*>.*?</\\1>", "")
                .replaceAll("(?i)<br\\s*/?>", "\n")
                .replaceAll("(?i)</p\\s*>", "\n\n")
                .replaceAll("<[^>]+>", "");
        return t.replace("&nbsp;", " ")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&amp;", "&")
                .strip();
    }

    private static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#x27;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
