package io.hetumind.nodes.form;

import io.hetumind.core.model.Node;
import io.hetumind.core.spi.trigger.TriggerConfigException;
import io.hetumind.core.spi.trigger.TriggerParams;
import io.hetumind.core.spi.trigger.WebhookSpec;
import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * A Form Trigger's settings, read from its parameters as written (a trigger's texts are known before anything runs,
 * so an expression in them is refused at activation, naming the parameter).
 *
 * @param path the path below {@code /form/}
 * @param submittedText the text shown once the form is sent, or null for none
 * @param redirectUrl where the browser goes once the form is sent (http or https), or null
 * @param useWorkflowTimezone {@code submittedAt} in the workflow's zone rather than UTC
 * @param trigger a Form Trigger's form (its query prefills the page and goes into the item), not a Wait's
 */
record FormConfig(
        double version,
        String path,
        String title,
        String description,
        List<FormFields.Field> fields,
        WebhookSpec.ResponseMode responseMode,
        String authentication,
        String submittedText,
        String redirectUrl,
        String buttonLabel,
        boolean appendAttribution,
        String customCss,
        boolean useWorkflowTimezone,
        boolean trigger) {

    FormConfig {
        fields = List.copyOf(fields);
    }

    static FormConfig of(Node node) {
        TriggerParams p = new TriggerParams(node);
        double version = node.typeVersion();
        String mode = p.string("responseMode", "onReceived");
        if (!FormTriggerDescriptor.responseModes(version).contains(mode)) {
            throw new TriggerConfigException(
                    node.name(),
                    "responseMode",
                    "'" + mode + "' is not a response mode of the Form Trigger's version " + fmt(version) + " (it has "
                            + String.join(", ", FormTriggerDescriptor.responseModes(version)) + ")");
        }
        String auth = version > 1 ? p.string("authentication", "none") : "none";
        if (!auth.equals("none") && !auth.equals("basicAuth")) {
            throw new TriggerConfigException(node.name(), "authentication", "unknown authentication '" + auth + "'");
        }
        String submitted = null;
        String redirect = null;
        if (version == 1) {
            submitted = p.string("options.formSubmittedText", FormTriggerDescriptor.SUBMITTED_TEXT);
        } else if (p.tree("options.respondWithOptions") == null) {
            submitted = FormTriggerDescriptor.SUBMITTED_TEXT;
        } else {
            String with = p.string("options.respondWithOptions.values.respondWith", "text");
            switch (with) {
                case "text" ->
                    submitted = p.string(
                            "options.respondWithOptions.values.formSubmittedText",
                            FormTriggerDescriptor.SUBMITTED_TEXT);
                case "redirect" -> {
                    redirect = safeUrl(p.string("options.respondWithOptions.values.redirectUrl", ""));
                    // n8n still shows its default text when the address is unusable
                    submitted = FormTriggerDescriptor.SUBMITTED_TEXT;
                }
                default ->
                    throw new TriggerConfigException(
                            node.name(),
                            "options.respondWithOptions.values.respondWith",
                            "must be 'text' or 'redirect', got '" + with + "'");
            }
        }
        boolean useZone = version > 1 && p.tree("options.useWorkflowTimezone") != null
                ? p.bool("options.useWorkflowTimezone", false)
                : version > 2;
        String label = version > 1 ? p.string("options.buttonLabel", "") : "";
        return new FormConfig(
                version,
                path(p, node),
                p.string("formTitle", ""),
                p.string("formDescription", ""),
                FormFields.read(node.parameters()),
                WebhookSpec.ResponseMode.of(mode),
                auth,
                submitted,
                redirect,
                label.isEmpty() ? "Submit" : label,
                version == 1 || p.bool("options.appendAttribution", true),
                version > 2 ? p.string("options.customCss", "") : "",
                useZone,
                true);
    }

    /**
     * A Wait "On Form Submitted" (n8n's Wait 1 and 1.1 read the form with the Form Trigger's code): its suffix as the
     * path, {@code incomingAuthentication}, the three response modes, and what its options offer (attribution, the
     * Form Response, the suffix); the button says Submit and {@code submittedAt} is in UTC, as n8n leaves them there.
     */
    static FormConfig forWait(Node node) {
        TriggerParams p = new TriggerParams(node);
        String mode = p.string("responseMode", "onReceived");
        if (!List.of("onReceived", "lastNode", "responseNode").contains(mode)) {
            throw new TriggerConfigException(
                    node.name(), "responseMode", "'" + mode + "' is not a response mode of the Wait's form");
        }
        String auth = p.string("incomingAuthentication", "none");
        if (!auth.equals("none") && !auth.equals("basicAuth")) {
            throw new TriggerConfigException(
                    node.name(), "incomingAuthentication", "a form takes Basic Auth or None, got '" + auth + "'");
        }
        String submitted = FormTriggerDescriptor.SUBMITTED_TEXT;
        String redirect = null;
        if (!mode.equals("responseNode") && p.tree("options.respondWithOptions") != null) {
            String with = p.string("options.respondWithOptions.values.respondWith", "text");
            if (with.equals("text")) {
                submitted = p.string(
                        "options.respondWithOptions.values.formSubmittedText", FormTriggerDescriptor.SUBMITTED_TEXT);
            } else if (with.equals("redirect")) {
                redirect = safeUrl(p.string("options.respondWithOptions.values.redirectUrl", ""));
            } else {
                throw new TriggerConfigException(
                        node.name(),
                        "options.respondWithOptions.values.respondWith",
                        "must be 'text' or 'redirect', got '" + with + "'");
            }
        }
        String suffix = p.string("options.webhookSuffix", "").trim().replaceAll("^/+|/+$", "");
        return new FormConfig(
                node.typeVersion(),
                suffix,
                p.string("formTitle", ""),
                p.string("formDescription", ""),
                FormFields.read(node.parameters()),
                WebhookSpec.ResponseMode.of(mode),
                auth,
                submitted,
                redirect,
                "Submit",
                p.bool("options.appendAttribution", true),
                "",
                false,
                false);
    }

    /** n8n's {@code $parameter.path || $parameter.options.path || $webhookId}; version 1 appends {@code n8n-form}. */
    private static String path(TriggerParams p, Node node) {
        // the Form Path is a parameter up to 2.1 and an option from 2.2
        String path = node.typeVersion() <= 2.1 ? p.string("path", "").trim() : "";
        if (path.isEmpty() && node.typeVersion() >= 2.2) {
            path = p.string("options.path", "").trim();
        }
        if (path.isEmpty()) {
            path = p.string("webhookId", "").trim();
        }
        if (path.isEmpty() && node.id() != null) {
            path = node.id().trim();
        }
        while (path.startsWith("/")) {
            path = path.substring(1);
        }
        if (path.isEmpty()) {
            throw new TriggerConfigException(node.name(), "path", "is required (the form's URL is /form/<path>)");
        }
        return node.typeVersion() == 1 ? path + "/n8n-form" : path;
    }

    /** An absolute http(s) address, or null: anything else (javascript:, data:, relative) is not followed. */
    static String safeUrl(String url) {
        String t = url == null ? "" : url.trim();
        if (t.isEmpty()) {
            return null;
        }
        try {
            URI u = new URI(t);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && u.getHost() != null ? u.toString() : null;
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
