package io.hetumind.nodes.form;

import io.hetumind.core.model.Item;
import io.hetumind.core.model.Node;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.core.spi.trigger.TriggerConfigException;
import io.hetumind.core.spi.trigger.TriggerParams;
import io.hetumind.core.spi.trigger.WebhookRequestHandler;
import io.hetumind.core.spi.trigger.WebhookSpec;
import io.hetumind.core.spi.trigger.WebhookTrigger;
import java.util.List;

/**
 * n8n Form Trigger ({@code formTrigger} 1, 2–2.5): serves a form at {@code /form/<path>} (GET, {@link FormPage}) and
 * starts a run with each submission (POST, {@link FormSubmission}); the host checks Basic Auth, the IP allowlist and
 * bots before either. Answers: at once ({@code onReceived}: the page shows its text or follows its redirect), when the
 * run ends ({@code lastNode}), or from a Respond to Webhook node (versions up to 2.1).
 */
public final class FormTriggerNode implements NodeType, WebhookTrigger, WebhookRequestHandler {

    @Override
    public NodeDescriptor descriptor() {
        return FormTriggerDescriptor.DESCRIPTOR;
    }

    @Override
    public WebhookSpec spec(TriggerParams p) {
        FormConfig config = FormConfig.of(p.node());
        return new WebhookSpec(
                config.path(), List.of("GET", "POST"), config.responseMode(), 200, "noData", config.authentication());
    }

    @Override
    public String urlSegment() {
        return "form";
    }

    @Override
    public Outcome handle(Call call) {
        FormConfig config;
        try {
            config = FormConfig.of(call.node());
        } catch (TriggerConfigException e) {
            return new Answer(FormRequests.problem(500, "The form is misconfigured: " + e.getMessage()));
        }
        return FormRequests.handle(config, call);
    }

    @Override
    public NodeResult execute(NodeContext ctx) {
        try {
            FormConfig.of(ctx.node());
        } catch (TriggerConfigException e) {
            throw NodeException.user(e.getMessage());
        }
        List<Item> items = ctx.items();
        if (items.isEmpty()) {
            throw NodeException.user("Form Trigger '" + ctx.node().name() + "' ran without a submission: the host"
                    + " passes the submitted form as the trigger item");
        }
        return NodeResult.of(items);
    }

    @Override
    public boolean replaySafe(Node node) {
        return true;
    }
}
