package io.hetumind.platform.http;

import io.hetumind.platform.config.HttpConfig;
import io.hetumind.platform.problem.Problem;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Refuses bodies larger than {@code hetumind.http.max-body-bytes} with a 413 problem before anything reads them. */
@ApplicationScoped
public class BodyLimit {
    private final long max;

    public BodyLimit(HttpConfig config) {
        this.max = config.maxBodyBytes();
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            String length = ctx.request().getHeader("Content-Length");
            long declared;
            try {
                declared = length == null ? -1 : Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                declared = Long.MAX_VALUE;
            }
            if (declared > max) {
                Problem p = new Problem(
                        Problem.TYPE_BASE + "payload-too-large",
                        "Payload too large",
                        413,
                        "the body may hold at most " + max + " bytes",
                        ctx.request().path(),
                        null);
                ctx.response()
                        .setStatusCode(413)
                        .putHeader("Content-Type", Problem.MEDIA_TYPE)
                        .putHeader("Connection", "close")
                        .end(Json.encode(p));
                return;
            }
            ctx.next();
        });
    }
}
