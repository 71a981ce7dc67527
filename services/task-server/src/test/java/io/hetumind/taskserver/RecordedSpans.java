package io.hetumind.taskserver;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.arc.Unremovable;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;

/** Every span the test app ends (the newest 20,000), added to the SDK as a CDI span processor. */
@Singleton
@Unremovable
public class RecordedSpans implements SpanProcessor {
    private final ConcurrentLinkedDeque<SpanData> ended = new ConcurrentLinkedDeque<>();

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {}

    @Override
    public boolean isStartRequired() {
        return false;
    }

    @Override
    public void onEnd(ReadableSpan span) {
        ended.add(span.toSpanData());
        while (ended.size() > 20_000) {
            ended.pollFirst();
        }
    }

    @Override
    public boolean isEndRequired() {
        return true;
    }

    public Optional<SpanData> bySpanId(String spanId) {
        return ended.stream().filter(s -> s.getSpanId().equals(spanId)).findFirst();
    }
}
