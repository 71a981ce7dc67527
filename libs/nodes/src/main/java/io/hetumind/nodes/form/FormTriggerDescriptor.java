package io.hetumind.nodes.form;

import io.hetumind.core.spi.CredentialSlot;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.PropertySpec;
import io.hetumind.core.spi.trigger.TriggerKind;
import io.hetumind.core.spi.trigger.TriggerSpec;
import io.hetumind.nodes.trigger.webhook.WebhookProperties;
import java.util.List;

/**
 * The n8n Form Trigger's form: n8n's parameters of versions 1 and 2–2.5 (read from n8n 2.8's {@code FormTriggerV1},
 * {@code FormTriggerV2} and {@code common.descriptions}), the form elements included.
 */
final class FormTriggerDescriptor {

    static final String SUBMITTED_TEXT = FormProperties.SUBMITTED_TEXT;

    private static final double[] VERSIONS = {1, 2, 2.1, 2.2, 2.3, 2.4, 2.5};
    private static final Object[] V1 = {1};
    private static final Object[] UP_TO_2_1 = {1, 2, 2.1};
    private static final Object[] FROM_2_2 = {2.2, 2.3, 2.4, 2.5};

    static final NodeDescriptor DESCRIPTOR = build();

    private FormTriggerDescriptor() {}

    private static NodeDescriptor build() {
        return NodeDescriptor.builder("hetumind.formTrigger")
                .versions(VERSIONS)
                .displayName("Form Trigger")
                .description("Serves a web form at /form/<path> and runs the workflow with each submission")
                .group(NodeGroup.TRIGGER)
                .icon("rectangle-list")
                .alias("n8n-nodes-base.formTrigger")
                .trigger(TriggerSpec.of(
                                TriggerKind.WEBHOOK,
                                "Runs when someone submits the form served at /form/<path> (GET shows it)")
                        .with("path", "path")
                        .with("responseMode", "responseMode")
                        .with("authentication", "authentication"))
                .credential(new CredentialSlot("httpBasicAuth", true).showWhen("authentication", "basicAuth"))
                .property(PropertySpec.options("authentication")
                        .displayName("Authentication")
                        .option("basicAuth", "Basic Auth")
                        .option("none", "None")
                        .defaultValue("none")
                        .hideWhen(PropertySpec.VERSION, V1))
                .property(path().required().showWhen(PropertySpec.VERSION, UP_TO_2_1))
                .property(PropertySpec.string("webhookId")
                        .displayName("Form ID")
                        .noExpression()
                        .description("The form's path when no Form Path is set (an n8n export brings its webhookId"
                                + " here); empty: the node's id"))
                .property(FormProperties.title())
                .property(FormProperties.description())
                .property(FormFields.property(VERSIONS))
                .property(FormProperties.responseMode(true).showWhen(PropertySpec.VERSION, UP_TO_2_1))
                .property(FormProperties.responseMode(false).showWhen(PropertySpec.VERSION, FROM_2_2))
                .property(PropertySpec.collection("options")
                        .displayName("Options")
                        .showWhen(PropertySpec.VERSION, V1)
                        .hideWhen("responseMode", "responseNode")
                        .child(WebhookProperties.ipWhitelist())
                        .child(PropertySpec.string("formSubmittedText")
                                .displayName("Form Submitted Text")
                                .defaultValue(SUBMITTED_TEXT)
                                .description("The text displayed to users after they filled the form")))
                .property(PropertySpec.collection("options")
                        .displayName("Options")
                        .hideWhen(PropertySpec.VERSION, V1)
                        .child(PropertySpec.bool("appendAttribution")
                                .displayName("Append Attribution")
                                .defaultValue(true)
                                .description(
                                        "Whether to show a line naming the workflow tool at the bottom of the form"))
                        .child(WebhookProperties.ipWhitelist())
                        .child(PropertySpec.string("buttonLabel")
                                .displayName("Button Label")
                                .defaultValue("Submit")
                                .description("The label of the submit button in the form"))
                        .child(path().showWhen(PropertySpec.VERSION, FROM_2_2))
                        .child(FormProperties.respondWithOptions().hideWhen("/responseMode", "responseNode"))
                        .child(PropertySpec.bool("ignoreBots")
                                .displayName("Ignore Bots")
                                .description("Whether to ignore requests from bots like link previewers and web"
                                        + " crawlers"))
                        .child(useWorkflowTimezone(false).showWhen(PropertySpec.VERSION, 2))
                        .child(useWorkflowTimezone(true).hideWhen(PropertySpec.VERSION, 1, 2))
                        .child(PropertySpec.string("customCss")
                                .displayName("Custom Form Styling")
                                .defaultValue(FormPage.CSS_VARIABLES)
                                .rows(10)
                                .editor("css")
                                .hideWhen(PropertySpec.VERSION, 1, 2)
                                .description("CSS added to the form page; its variables (--color-submit-btn-bg …) carry"
                                        + " n8n's names, so an n8n form's styling applies")))
                .build();
    }

    private static PropertySpec.Builder path() {
        return PropertySpec.string("path")
                .displayName("Form Path")
                .placeholder("webhook")
                .description("The final segment of the form's URL, both for test and production");
    }

    private static PropertySpec.Builder useWorkflowTimezone(boolean byDefault) {
        return PropertySpec.bool("useWorkflowTimezone")
                .displayName("Use Workflow Timezone")
                .defaultValue(byDefault)
                .description("Whether to use the workflow timezone in 'submittedAt' field or UTC");
    }

    /** The versions whose fields are named by their Field Name when they have one (n8n 2.4 and later). */
    static boolean namesByFieldName(double version) {
        return version >= 2.4;
    }

    /** The response modes a version offers. */
    static List<String> responseModes(double version) {
        return version <= 2.1 ? List.of("onReceived", "lastNode", "responseNode") : List.of("onReceived", "lastNode");
    }
}
