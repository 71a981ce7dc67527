package io.hetumind.nodes.form;

import io.hetumind.core.model.Node;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.trigger.TriggerConfigException;
import io.hetumind.core.spi.trigger.WebhookRequestHandler;
import io.hetumind.core.spi.trigger.WebhookRequestHandler.Answer;
import io.hetumind.core.spi.trigger.WebhookRequestHandler.Call;
import io.hetumind.core.spi.trigger.WebhookRequestHandler.Outcome;
import io.hetumind.core.spi.trigger.WebhookResponse;
import io.hetumind.core.spi.trigger.WebhookSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A form's two requests, for the Form Trigger and for a Wait "On Form Submitted": GET shows the page, POST makes the
 * item of the submission (a submission that cannot be read is a 400 problem naming why, and starts or resumes
 * nothing).
 */
public final class FormRequests {

    private FormRequests() {}

    static Outcome handle(FormConfig config, Call call) {
        if (call.method().equals("GET")) {
            FormPage.Rendered page =
                    FormPage.render(config, call.test(), config.trigger() ? call.query() : Json.object());
            return new Answer(new WebhookResponse(200, FormPage.headers(page), page.html(), "text/html"));
        }
        try {
            return FormSubmission.read(config, call, Instant.now());
        } catch (FormSubmission.BadSubmission e) {
            return new Answer(problem(400, e.getMessage()));
        }
    }

    /** The requests to a Wait "On Form Submitted" of {@code node}'s settings (read per request). */
    public static WebhookRequestHandler waitForm() {
        return call -> {
            FormConfig config;
            try {
                config = FormConfig.forWait(call.node());
            } catch (TriggerConfigException e) {
                return new Answer(problem(500, "The form is misconfigured: " + e.getMessage()));
            }
            return handle(config, call);
        };
    }

    /** The path suffix and the settings a Wait's form call is checked against, or a problem naming the parameter. */
    public static WebhookSpec waitSpec(Node node) {
        FormConfig config;
        try {
            config = FormConfig.forWait(node);
        } catch (TriggerConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return new WebhookSpec(
                config.path(), List.of("GET", "POST"), config.responseMode(), 200, "noData", config.authentication());
    }

    static WebhookResponse problem(int status, String detail) {
        var body = Json.object()
                .put("type", "about:blank")
                .put("title", status == 400 ? "Bad form submission" : "Form unavailable")
                .put("status", status)
                .put("detail", detail);
        return new WebhookResponse(status, Map.of(), Json.write(body), "application/problem+json");
    }
}
