package io.hetumind.nodes.form;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.spi.Json;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.safety.Cleaner;
import org.jsoup.safety.Safelist;

/**
 * The page a Form Trigger serves on GET: Hetumind's own markup and script, posting what n8n's form page posts (each
 * element as {@code field-<index>}, a choice list as the JSON array of the chosen labels, files under their element),
 * so a submission reads the same whichever page sent it. HTML the builder writes (the description, Custom HTML
 * elements) keeps only n8n's allowed tags and attributes; the page runs no script but its own (a per-page nonce in
 * its Content-Security-Policy), and custom CSS cannot leave its style element.
 */
final class FormPage {

    /** The page's style variables, the default of the Custom Form Styling option: n8n's names, Hetumind's values. */
    static final String CSS_VARIABLES =
            """
            :root {
            \t--font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
            \t--font-weight-normal: 400;
            \t--font-weight-bold: 600;
            \t--font-size-body: 13px;
            \t--font-size-label: 14px;
            \t--font-size-test-notice: 12px;
            \t--font-size-input: 14px;
            \t--font-size-header: 22px;
            \t--font-size-paragraph: 14px;
            \t--font-size-link: 12px;
            \t--font-size-error: 12px;

            \t/* Colors */
            \t--color-background: #f6f7f9;
            \t--color-test-notice-text: #8a5a00;
            \t--color-test-notice-bg: #fff8e6;
            \t--color-test-notice-border: #f2d28b;
            \t--color-card-bg: #ffffff;
            \t--color-card-border: #d9dde3;
            \t--color-header: #1f2328;
            \t--color-label: #3b4148;
            \t--color-input-border: #c9ced6;
            \t--color-input-text: #1f2328;
            \t--color-focus-border: #3d63dd;
            \t--color-submit-btn-bg: #3d63dd;
            \t--color-submit-btn-text: #ffffff;
            \t--color-error: #c62828;
            \t--color-required: #c62828;
            \t--color-link: #6b7280;
            \t--color-html-text: #3b4148;
            \t--color-html-link: #3d63dd;

            \t/* Shapes and spacing */
            \t--border-radius-card: 8px;
            \t--border-radius-input: 6px;
            \t--padding-card: 24px;
            \t--padding-form-input: 10px;
            \t--container-width: 460px;
            \t--submit-btn-height: 44px;
            \t--checkbox-size: 16px;
            }""";

    private static final String STYLE =
            """
            body{
              margin:0;background:var(--color-background);font-family:var(--font-family);
              font-size:var(--font-size-body);color:var(--color-label);
            }
            .container{max-width:var(--container-width);margin:24px auto;padding:0 12px}
            .card{
              background:var(--color-card-bg);border:1px solid var(--color-card-border);
              border-radius:var(--border-radius-card);padding:var(--padding-card);margin-bottom:16px;
            }
            .test-notice{
              background:var(--color-test-notice-bg);border:1px solid var(--color-test-notice-border);
              color:var(--color-test-notice-text);border-radius:var(--border-radius-card);padding:10px 16px;
              margin-bottom:16px;font-size:var(--font-size-test-notice);
            }
            h1{font-size:var(--font-size-header);color:var(--color-header);margin:0 0 8px}
            .description{font-size:var(--font-size-paragraph);white-space:pre-line;margin:0 0 16px}
            .form-group{margin-bottom:18px}
            label.form-label{
              display:block;font-size:var(--font-size-label);font-weight:var(--font-weight-bold);margin-bottom:6px;
            }
            label.form-required::after{content:' *';color:var(--color-required)}
            .form-input,select{
              box-sizing:border-box;width:100%;padding:var(--padding-form-input);font:inherit;
              font-size:var(--font-size-input);color:var(--color-input-text);
              border:1px solid var(--color-input-border);border-radius:var(--border-radius-input);background:#fff;
            }
            .form-input:focus,select:focus{outline:none;border-color:var(--color-focus-border)}
            textarea.form-input{min-height:90px;resize:vertical}
            .option{display:flex;align-items:center;gap:8px;margin:6px 0;font-size:var(--font-size-input)}
            .option input{width:var(--checkbox-size);height:var(--checkbox-size)}
            .error{color:var(--color-error);font-size:var(--font-size-error);margin:4px 0 0;display:none}
            .error.show{display:block}
            .html{color:var(--color-html-text)}
            .html a{color:var(--color-html-link)}
            button#submit-btn{
              width:100%;height:var(--submit-btn-height);border:0;border-radius:var(--border-radius-input);
              background:var(--color-submit-btn-bg);color:var(--color-submit-btn-text);font:inherit;
              font-weight:var(--font-weight-bold);font-size:var(--font-size-input);cursor:pointer;
            }
            button#submit-btn:disabled{opacity:.6;cursor:wait}
            .attribution{text-align:center;font-size:var(--font-size-link);color:var(--color-link)}
            #submitted{display:none}
            """;

    private static final String SCRIPT =
            """
            (function () {
              var form = document.getElementById('hm-form');
              var settings = JSON.parse(document.getElementById('hm-settings').textContent);
              function show(el, text) { el.textContent = text; el.classList.toggle('show', !!text); }
              function chosen(group) {
                return Array.prototype.filter.call(group.querySelectorAll('input'), function (i) { return i.checked; })
                  .map(function (i) { return i.value; });
              }
              function check(el) {
                var error = document.getElementById('error-' + el.dataset.field);
                var required = el.dataset.required === 'true';
                if (el.classList.contains('choices')) {
                  var n = chosen(el).length;
                  var exact = +el.dataset.exact || 0, min = +el.dataset.min || 0, max = +el.dataset.max || 0;
                  var plural = function (k) { return k + (k === 1 ? ' option' : ' options'); };
                  if (required && n === 0) { show(error, 'This field is required'); return false; }
                  if (exact && n !== exact) { show(error, 'You must select exactly ' + plural(exact)); return false; }
                  if (min && n < min) { show(error, 'You must select at least ' + plural(min)); return false; }
                  if (max && n > max) { show(error, 'You can select a maximum of ' + plural(max)); return false; }
                  show(error, ''); return true;
                }
                if (el.type === 'file') {
                  if (required && el.files.length === 0) { show(error, 'This field is required'); return false; }
                  show(error, ''); return true;
                }
                var value = el.value.trim();
                if (value === '') {
                  show(error, required ? 'This field is required' : ''); return !required;
                }
                if (el.type === 'email' && !/^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\\.[a-zA-Z]{2,}$/.test(value)) {
                  show(error, 'Enter a valid email address in this field'); return false;
                }
                if (el.type === 'number' && isNaN(value)) {
                  show(error, 'Enter only numbers in this field'); return false;
                }
                show(error, ''); return true;
              }
              var checked = form.querySelectorAll('[data-field]');
              Array.prototype.forEach.call(checked, function (el) {
                el.addEventListener(el.classList.contains('choices') ? 'change' : 'blur', function () { check(el); });
              });
              Array.prototype.forEach.call(form.querySelectorAll('.choices[data-radio] input'), function (input) {
                input.addEventListener('change', function () {
                  if (!input.checked) return;
                  Array.prototype.forEach.call(input.closest('.choices').querySelectorAll('input'), function (other) {
                    if (other !== input) other.checked = false;
                  });
                });
              });
              function finish(header, text) {
                form.style.display = 'none';
                var done = document.getElementById('submitted');
                if (header) document.getElementById('submitted-header').textContent = header;
                if (text !== undefined) document.getElementById('submitted-text').textContent = text;
                done.style.display = 'block';
              }
              form.addEventListener('submit', function (event) {
                event.preventDefault();
                var ok = true;
                Array.prototype.forEach.call(checked, function (el) { ok = check(el) && ok; });
                if (!ok) return;
                var data = new FormData();
                Array.prototype.forEach.call(form.elements, function (el) {
                  if (!el.name) return;
                  if (el.type === 'file') {
                    Array.prototype.forEach.call(el.files, function (f) { if (f.size > 0) data.append(el.name, f); });
                  } else {
                    data.append(el.name, el.value);
                  }
                });
                Array.prototype.forEach.call(form.querySelectorAll('.choices'), function (group) {
                  data.append(group.id, JSON.stringify(chosen(group)));
                });
                var button = document.getElementById('submit-btn');
                button.disabled = true;
                fetch(window.location.pathname + window.location.search, { method: 'POST', body: data })
                  .then(function (response) {
                    return response.text().then(function (text) {
                      if (settings.useResponseData) {
                        var json = null;
                        try { json = JSON.parse(text); } catch (e) { json = null; }
                        if (json && json.redirectURL) { window.location.replace(json.redirectURL); return; }
                        if (json && json.formSubmittedText) { finish(null, json.formSubmittedText); return; }
                        if (response.ok && text) { finish(null, text); return; }
                      }
                      if (!response.ok) {
                        finish('Problem submitting response',
                          'Please try again or contact support if the problem persists');
                        return;
                      }
                      if (settings.redirectUrl) { window.location.replace(settings.redirectUrl); return; }
                      finish();
                    });
                  })
                  .catch(function () {
                    button.disabled = false;
                    finish('Problem submitting response', 'The form could not be sent; check your connection');
                  });
              });
            })();
            """;

    private static final Safelist HTML = Safelist.none()
            .addTags(
                    "b", "div", "i", "iframe", "img", "video", "source", "em", "strong", "a", "h1", "h2", "h3", "h4",
                    "h5", "h6", "u", "sub", "sup", "code", "pre", "span", "br", "ul", "ol", "li", "p", "table", "thead",
                    "tbody", "tfoot", "td", "tr", "th")
            .addAttributes("a", "href", "target", "rel")
            .addAttributes("img", "src", "alt", "width", "height")
            .addAttributes("video", "controls", "autoplay", "loop", "muted", "poster", "width", "height")
            .addAttributes("iframe", "src", "width", "height", "frameborder", "allowfullscreen")
            .addAttributes("source", "src", "type")
            .addAttributes("td", "colspan", "rowspan", "scope", "headers")
            .addAttributes("th", "colspan", "rowspan", "scope", "headers")
            .addProtocols("a", "href", "http", "https")
            .addProtocols("img", "src", "http", "https")
            .addProtocols("video", "poster", "http", "https")
            .addProtocols("iframe", "src", "http", "https")
            .addProtocols("source", "src", "http", "https")
            .preserveRelativeLinks(true);

    private static final SecureRandom RANDOM = new SecureRandom();

    private FormPage() {}

    /** A rendered page and the Content-Security-Policy it must be served with. */
    record Rendered(String html, String contentSecurityPolicy) {}

    /**
     * The form of {@code config} as a visitor sees it; {@code query} prefills elements by their key, as n8n does
     * (a hidden field without a value takes it from there).
     */
    static Rendered render(FormConfig config, boolean test, JsonNode query) {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        String nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        StringBuilder out = new StringBuilder(8192);
        out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<meta name=\"description\" content=\"")
                .append(esc(metaDescription(config.description())))
                .append("\"><title>")
                .append(esc(config.title()))
                .append("</title><style nonce=\"")
                .append(nonce)
                .append("\">")
                .append(CSS_VARIABLES)
                .append('\n')
                .append(STYLE)
                .append("</style>");
        String css = sanitizeCss(config.customCss());
        if (!css.isEmpty()) {
            out.append("<style nonce=\"")
                    .append(nonce)
                    .append("\">")
                    .append(css)
                    .append("</style>");
        }
        out.append("</head><body><div class=\"container\">");
        if (test) {
            out.append("<div class=\"test-notice\">This is a test version of your form</div>");
        }
        out.append("<form class=\"card\" id=\"hm-form\" method=\"post\" novalidate>")
                .append("<h1>")
                .append(esc(config.title()))
                .append("</h1>");
        String description = handleNewlines(sanitizeHtml(config.description()));
        if (!description.isBlank()) {
            out.append("<p class=\"description\">").append(description).append("</p>");
        }
        List<FormFields.Field> fields = config.fields();
        for (int i = 0; i < fields.size(); i++) {
            field(out, fields.get(i), i, config.version(), query);
        }
        out.append("<button id=\"submit-btn\" type=\"submit\">")
                .append(esc(config.buttonLabel()))
                .append("</button></form>");
        out.append("<div class=\"card\" id=\"submitted\"><h1 id=\"submitted-header\">Form Submitted</h1>")
                .append("<p class=\"description\" id=\"submitted-text\">")
                .append(esc(config.submittedText() == null ? "" : config.submittedText()))
                .append("</p></div>");
        if (config.appendAttribution()) {
            out.append("<p class=\"attribution\">Form automated with Hetumind</p>");
        }
        ObjectNode settings = Json.object();
        settings.put("useResponseData", config.responseMode().wire().equals("responseNode"));
        if (config.redirectUrl() != null) {
            settings.put("redirectUrl", config.redirectUrl());
        }
        out.append("</div><script type=\"application/json\" id=\"hm-settings\">")
                .append(Json.write(settings).replace("<", "\\u003c"))
                .append("</script><script nonce=\"")
                .append(nonce)
                .append("\">")
                .append(SCRIPT)
                .append("</script></body></html>\n");
        String csp = "default-src 'none'; script-src 'nonce-" + nonce + "'; style-src 'nonce-" + nonce + "';"
                + " img-src http: https: data:; media-src http: https:; frame-src http: https:;"
                + " connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'self'";
        return new Rendered(out.toString(), csp);
    }

    private static void field(StringBuilder out, FormFields.Field f, int index, double version, JsonNode query) {
        String id = "field-" + index;
        JsonNode fromQuery = query.get(f.key(version));
        String preset = fromQuery == null || fromQuery.isNull() ? f.defaultValue() : text(fromQuery);
        String required = f.required() ? "true" : "false";
        String label = f.label() == null ? "" : f.label();
        String labelClass = f.required() ? "form-label form-required" : "form-label";
        switch (f.type()) {
            case "html" -> {
                String html = sanitizeHtml(f.html());
                out.append("<div class=\"form-group html\">")
                        .append(html)
                        .append("<input type=\"hidden\" name=\"")
                        .append(id)
                        .append("\" value=\"")
                        .append(esc(html))
                        .append("\"></div>");
                return;
            }
            case "hiddenField" -> {
                String value = preset.isEmpty() ? f.fieldValue() : preset;
                out.append("<input type=\"hidden\" name=\"")
                        .append(id)
                        .append("\" value=\"")
                        .append(esc(value))
                        .append("\">");
                return;
            }
            default -> {}
        }
        out.append("<div class=\"form-group\">");
        if (f.choices()) {
            out.append("<label class=\"")
                    .append(labelClass)
                    .append("\">")
                    .append(esc(label))
                    .append("</label>");
            out.append("<div class=\"choices\" id=\"")
                    .append(id)
                    .append("\" data-field=\"")
                    .append(index);
            out.append("\" data-required=\"").append(required).append('"');
            if (f.type().equals("radio")) {
                out.append(" data-radio=\"true\"");
            } else if (f.limitSelection().equals("exact")) {
                out.append(" data-exact=\"").append(f.numberOfSelections()).append('"');
            } else if (f.limitSelection().equals("range")) {
                out.append(" data-min=\"").append(f.minSelections()).append("\" data-max=\"");
                out.append(f.maxSelections()).append('"');
            }
            out.append('>');
            List<String> selected = f.type().equals("radio") ? List.of(preset) : selected(fromQuery, preset);
            for (int o = 0; o < f.options().size(); o++) {
                String option = f.options().get(o);
                String optionId = "option" + o + "_" + id;
                out.append("<div class=\"option\"><input type=\"checkbox\" id=\"")
                        .append(optionId)
                        .append("\" value=\"")
                        .append(esc(option))
                        .append('"')
                        .append(selected.contains(option) ? " checked" : "")
                        .append("><label for=\"")
                        .append(optionId)
                        .append("\">")
                        .append(esc(option))
                        .append("</label></div>");
            }
            out.append("</div>");
        } else {
            out.append("<label class=\"")
                    .append(labelClass)
                    .append("\" for=\"")
                    .append(id)
                    .append("\">")
                    .append(esc(label))
                    .append("</label>");
            String common = " id=\"" + id + "\" name=\"" + id + "\" data-field=\"" + index + "\" data-required=\""
                    + required + "\"";
            switch (f.type()) {
                case "dropdown" -> {
                    out.append("<select").append(common).append("><option value=\"\" disabled");
                    out.append(preset.isEmpty() ? " selected" : "").append(">Select an option ...</option>");
                    for (String option : f.options()) {
                        out.append("<option value=\"")
                                .append(esc(option))
                                .append('"')
                                .append(option.equals(preset) ? " selected" : "")
                                .append('>')
                                .append(esc(option))
                                .append("</option>");
                    }
                    out.append("</select>");
                }
                case "textarea" ->
                    out.append("<textarea class=\"form-input\"")
                            .append(common)
                            .append(" placeholder=\"")
                            .append(esc(f.placeholder()))
                            .append("\">")
                            .append(esc(preset))
                            .append("</textarea>");
                case "file" -> {
                    out.append("<input class=\"form-input\" type=\"file\"").append(common);
                    if (!f.acceptFileTypes().isBlank()) {
                        out.append(" accept=\"")
                                .append(esc(f.acceptFileTypes()))
                                .append('"');
                    }
                    out.append(f.multipleFiles() ? " multiple>" : ">");
                }
                default -> {
                    String type =
                            switch (f.type()) {
                                case "email", "number", "password", "date" -> f.type();
                                default -> "text";
                            };
                    out.append("<input class=\"form-input\" type=\"")
                            .append(type)
                            .append('"')
                            .append(common)
                            .append(" value=\"")
                            .append(esc(preset))
                            .append("\" placeholder=\"")
                            .append(esc(f.placeholder()))
                            .append("\">");
                }
            }
        }
        out.append("<p class=\"error\" id=\"error-").append(index).append("\"></p></div>");
    }

    /** The options pre-selected: a query value's items, or the default's comma-separated labels (n8n's includes). */
    private static List<String> selected(JsonNode fromQuery, String preset) {
        if (fromQuery != null && fromQuery.isArray()) {
            return java.util.stream.StreamSupport.stream(fromQuery.spliterator(), false)
                    .map(FormPage::text)
                    .toList();
        }
        return Arrays.stream(preset.split(",", -1)).map(String::trim).toList();
    }

    private static String text(JsonNode v) {
        return v.isArray() ? io.hetumind.nodes.internal.Js.toString(v, false) : v.asText();
    }

    /** The builder's HTML with n8n's allowed tags and attributes only (no script, style, input or event handler). */
    static String sanitizeHtml(String html) {
        if (html == null || html.isEmpty()) {
            return "";
        }
        Document clean = new Cleaner(HTML).clean(Jsoup.parseBodyFragment(html, "http://form.invalid/"));
        // an embedded frame never runs with the form's rights
        clean.select("iframe")
                .attr("sandbox", "")
                .attr("referrerpolicy", "strict-origin-when-cross-origin")
                .attr("allow", "fullscreen; autoplay; encrypted-media");
        clean.outputSettings().prettyPrint(false);
        return clean.body().html();
    }

    /** Custom CSS with every {@code <} removed, so the text cannot close its style element or open a tag. */
    static String sanitizeCss(String css) {
        return css == null || css.isBlank() ? "" : css.replace("<", "");
    }

    /** n8n's handling of the description: a written {@code \n} is a line break, {@code \\n} a written one. */
    static String handleNewlines(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            if (text.startsWith("\\\\n", i)) {
                out.append("\\n");
                i += 2;
            } else if (text.startsWith("\\n", i)) {
                out.append('\n');
                i += 1;
            } else {
                out.append(text.charAt(i));
            }
        }
        return out.toString();
    }

    /** The page's meta description: the text without tags, its first 150 characters (n8n's form when empty). */
    static String metaDescription(String description) {
        if (description.isEmpty()) {
            return "Hetumind form";
        }
        String text = description.replaceAll("^\\s*\\n+|</?[^>]+(>|$)", "");
        return text.length() > 150 ? text.substring(0, 150) : text;
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    static Map<String, String> headers(Rendered page) {
        return Map.of("content-security-policy", page.contentSecurityPolicy(), "cache-control", "no-store");
    }
}
