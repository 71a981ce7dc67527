package io.hetumind.taskserver.service;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.List;

/** W3C {@code traceparent} strings: of the current span (stored with an instance), and back to a parent context. */
public final class Traces {
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

    private Traces() {}

    /** The trace context of the span current on this thread, or null when there is none (tracing off). */
    public static String current() {
        return format(Span.current().getSpanContext());
    }

    public static String format(SpanContext c) {
        return c.isValid()
                ? "00-" + c.getTraceId() + "-" + c.getSpanId() + "-"
                        + c.getTraceFlags().asHex()
                : null;
    }

    /** The parent context a stored {@code traceparent} names; the root context (a new trace) for null or garbage. */
    public static Context parent(String traceparent) {
        if (traceparent == null) {
            return Context.root();
        }
        return W3CTraceContextPropagator.getInstance().extract(Context.root(), traceparent, GETTER);
    }
}
