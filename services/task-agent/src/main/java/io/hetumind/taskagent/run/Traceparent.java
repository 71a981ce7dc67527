package io.hetumind.taskagent.run;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.List;

/** The W3C {@code traceparent} of a dispatch as a parent context, and a span's context as one. */
final class Traceparent {
    private static final TextMapGetter<String> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
            return List.of("traceparent");
        }

        @Override
        public String get(String carrier, String key) {
            return "traceparent".equals(key) ? carrier : null;
        }
    };

    private Traceparent() {}

    /** The context {@code traceparent} names; the root (a new trace) for null or an invalid value. */
    static Context parent(String traceparent) {
        return traceparent == null
                ? Context.root()
                : W3CTraceContextPropagator.getInstance().extract(Context.root(), traceparent, GETTER);
    }

    static String format(SpanContext c) {
        return c.isValid()
                ? "00-" + c.getTraceId() + "-" + c.getSpanId() + "-"
                        + c.getTraceFlags().asHex()
                : null;
    }
}
