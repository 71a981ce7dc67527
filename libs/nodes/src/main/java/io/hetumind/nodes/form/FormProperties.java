package io.hetumind.nodes.form;

import io.hetumind.core.spi.PropertySpec;
import java.util.List;
import java.util.Map;

/** The form parameters n8n's Form Trigger and its Wait "On Form Submitted" share ({@code common.descriptions}). */
public final class FormProperties {

    static final String SUBMITTED_TEXT = "Your response has been recorded";

    private FormProperties() {}

    static PropertySpec.Builder title() {
        return PropertySpec.string("formTitle")
                .displayName("Form Title")
                .placeholder("e.g. Contact us")
                .required()
                .description("Shown at the top of the form");
    }

    static PropertySpec.Builder description() {
        return PropertySpec.string("formDescription")
                .displayName("Form Description")
                .placeholder("e.g. We'll get back to you soon")
                .rows(2)
                .description("Shown underneath the Form Title. Accepts HTML (scripts, styles and inputs are removed)");
    }

    static PropertySpec.Builder responseMode(boolean withResponseNode) {
        PropertySpec.Builder b = PropertySpec.options("responseMode")
                .displayName("Respond When")
                .option("onReceived", "Form Is Submitted", "As soon as this node receives the form submission")
                .option("lastNode", "Workflow Finishes", "When the last node of the workflow is executed");
        if (withResponseNode) {
            b.option(
                    "responseNode",
                    "Using 'Respond to Webhook' Node",
                    "When the 'Respond to Webhook' node is executed");
        }
        return b.defaultValue("onReceived").description("When to respond to the form submission");
    }

    static PropertySpec.Builder appendAttribution() {
        return PropertySpec.bool("appendAttribution")
                .displayName("Append Attribution")
                .defaultValue(true)
                .description("Whether to show a line naming the workflow tool at the bottom of the form");
    }

    static PropertySpec.Builder respondWithOptions() {
        return PropertySpec.fixedCollection("respondWithOptions")
                .displayName("Form Response")
                .defaultValue(Map.of("values", Map.of("respondWith", "text")))
                .child(PropertySpec.collection("values")
                        .displayName("Values")
                        .child(PropertySpec.options("respondWith")
                                .displayName("Respond With")
                                .option("text", "Form Submitted Text", "Show a response text to the user")
                                .option("redirect", "Redirect URL", "Redirect the user to a URL")
                                .defaultValue("text"))
                        .child(PropertySpec.string("formSubmittedText")
                                .displayName("Text to Show")
                                .defaultValue(SUBMITTED_TEXT)
                                .showWhen("respondWith", "text")
                                .description("The text displayed to users after they fill the form"))
                        .child(PropertySpec.string("redirectUrl")
                                .displayName("URL to Redirect to")
                                .placeholder("e.g. http://www.n8n.io")
                                .showWhen("respondWith", "redirect")
                                .description("The http(s) URL users go to after they fill the form")));
    }

    private static PropertySpec.Builder webhookSuffix() {
        return PropertySpec.string("webhookSuffix")
                .displayName("Webhook Suffix")
                .placeholder("webhook")
                .noExpression()
                .description("Appended to the form's URL; helpful when using multiple Wait nodes");
    }

    /** A Wait's "On Form Submitted" parameters (versions 1 and 1.1), each shown for {@code resume: form}. */
    public static List<PropertySpec> forWait() {
        return List.of(
                title().showWhen("resume", "form").build(),
                description().showWhen("resume", "form").build(),
                FormFields.property(1, 1.1).showWhen("resume", "form").build(),
                responseMode(true).showWhen("resume", "form").build(),
                PropertySpec.collection("options")
                        .displayName("Options")
                        .showWhen("resume", "form")
                        .hideWhen("responseMode", "responseNode")
                        .child(appendAttribution())
                        .child(respondWithOptions())
                        .child(webhookSuffix())
                        .build(),
                PropertySpec.collection("options")
                        .displayName("Options")
                        .showWhen("resume", "form")
                        .hideWhen("responseMode", "onReceived", "lastNode")
                        .child(appendAttribution())
                        .child(webhookSuffix())
                        .build());
    }
}
