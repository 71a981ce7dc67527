package io.hetumind.nodes.ai.trigger;

import io.hetumind.core.model.ConnectionTypes;
import io.hetumind.core.spi.CredentialSlot;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.PropertySpec;
import io.hetumind.core.spi.SubPort;
import io.hetumind.core.spi.trigger.TriggerKind;
import io.hetumind.core.spi.trigger.TriggerSpec;
import io.hetumind.nodes.ai.internal.AiParams;

/** The Chat Trigger's form: n8n's parameters of versions 1–1.4, with what Hetumind does not do refused in words. */
final class ChatTriggerDescriptor {

    static final NodeDescriptor DESCRIPTOR = build();

    private ChatTriggerDescriptor() {}

    private static NodeDescriptor build() {
        return NodeDescriptor.builder("hetumind.chatTrigger")
                .versions(1, 1.1, 1.2, 1.3, 1.4)
                .displayName("Chat Trigger")
                .description("Runs the workflow when a chat message arrives (hosted chat page, embedded widget or a"
                        + " call of the chat URL)")
                .group(NodeGroup.TRIGGER)
                .icon("comments")
                .alias(AiParams.N8N + "chatTrigger")
                .trigger(TriggerSpec.of(
                                TriggerKind.WEBHOOK, "Runs when a chat message arrives at /webhook/<webhookId>/chat")
                        .with("authentication", "authentication"))
                .subInput(SubPort.optional(ConnectionTypes.AI_MEMORY, "Memory"))
                .credential(new CredentialSlot("httpBasicAuth", true).showWhen("authentication", "basicAuth"))
                .property(PropertySpec.bool("public")
                        .displayName("Make Chat Publicly Available")
                        .defaultValue(false)
                        .description("Whether the chat answers on its production URL; off, only the test URL"
                                + " (listen mode) answers"))
                .property(PropertySpec.string("webhookId")
                        .displayName("Chat ID")
                        .defaultValue("")
                        .noExpression()
                        .description("The id in the chat URL /webhook/<id>/chat (an n8n export brings its"
                                + " webhookId here); empty: the node's id"))
                .property(PropertySpec.options("mode")
                        .displayName("Mode")
                        .option("hostedChat", "Hosted Chat", "Chat on a page served by Hetumind")
                        .option(
                                "webhook",
                                "Embedded Chat",
                                "Chat through a widget embedded in another page, or by calling the chat URL")
                        .defaultValue("hostedChat")
                        .showWhen("public", true))
                .property(PropertySpec.options("authentication")
                        .displayName("Authentication")
                        .option("basicAuth", "Basic Auth", "Simple username and password (the same one for all users)")
                        .option(
                                "n8nUserAuth",
                                "n8n User Auth",
                                "Not supported: needs an n8n login session; activation refuses it")
                        .option("none", "None")
                        .defaultValue("none")
                        .showWhen("public", true))
                .property(PropertySpec.string("initialMessages")
                        .displayName("Initial Message(s)")
                        .defaultValue("Hi there! 👋\nMy name is Nathan. How can I assist you today?")
                        .rows(3)
                        .description("Messages shown at the start of the chat, one per line")
                        .showWhen("mode", "hostedChat")
                        .showWhen("public", true))
                .property(PropertySpec.bool("availableInChat")
                        .displayName("Make Available in n8n Chat Hub")
                        .defaultValue(false)
                        .noExpression()
                        .description(
                                "n8n's Chat Hub; Hetumind has none (on, the default response mode is" + " streaming)"))
                .property(options())
                .build();
    }

    /** One collection for every version; the response modes n8n offers that Hetumind lacks are refused at activation. */
    private static PropertySpec.Builder options() {
        return PropertySpec.collection("options")
                .displayName("Options")
                .defaultValue(Json.object())
                .child(PropertySpec.string("allowedOrigins")
                        .displayName("Allowed Origins (CORS)")
                        .defaultValue("*")
                        .description("Comma-separated origins allowed to call the chat; * (default) allows all"))
                .child(PropertySpec.bool("allowFileUploads")
                        .displayName("Allow File Uploads")
                        .defaultValue(false)
                        .description(
                                "Not offered by the hosted page here; files a client posts (multipart) become data0, data1 …"
                                        + " and the item's files list"))
                .child(PropertySpec.string("allowedFilesMimeTypes")
                        .displayName("Allowed File Mime Types")
                        .defaultValue("*")
                        .description("Comma-separated MIME types (image/*, text/plain, .pdf); files of other types are"
                                + " refused (415)"))
                .child(PropertySpec.string("inputPlaceholder")
                        .displayName("Input Placeholder")
                        .defaultValue("Type your question.."))
                .child(PropertySpec.options("loadPreviousSession")
                        .displayName("Load Previous Session")
                        .option("notSupported", "Off", "Loading messages of previous session is turned off")
                        .option("memory", "From Memory", "Load session messages from the attached memory")
                        .option("manually", "Manually", "The workflow runs and answers the request itself")
                        .defaultValue("notSupported"))
                .child(PropertySpec.bool("showWelcomeScreen")
                        .displayName("Require Button Click to Start Chat")
                        .defaultValue(false))
                .child(PropertySpec.string("getStarted")
                        .displayName("Start Conversation Button Text")
                        .defaultValue("New Conversation"))
                .child(PropertySpec.string("subtitle")
                        .displayName("Subtitle")
                        .defaultValue("Start a chat. We're here to help you 24/7."))
                .child(PropertySpec.string("title").displayName("Title").defaultValue("Hi there! 👋"))
                .child(PropertySpec.string("customCss")
                        .displayName("Custom Chat Styling")
                        .defaultValue("")
                        .rows(10)
                        .description("Ignored: the hosted page here is Hetumind's own, not n8n's widget"))
                .child(PropertySpec.options("responseMode")
                        .displayName("Response Mode")
                        .option("lastNode", "When Last Node Finishes", "Returns data of the last-executed node")
                        .option("responseNode", "Using 'Respond to Webhook' Node", "Response defined in that node")
                        .option("streaming", "Streaming", "Streaming response from specified nodes (e.g. Agents)")
                        .option("responseNodes", "Using Response Nodes", "Not supported (no Chat node): refused")
                        .defaultValue("lastNode"));
    }
}
