package io.hetumind.nodes.wasm.internal;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** A WASI stdout/stderr that hands complete lines (at most 8 KiB each) to the node's log. */
final class LineLog extends OutputStream {

    private static final int MAX_LINE = 8192;

    private final String prefix;
    private final Consumer<String> sink;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    LineLog(String prefix, Consumer<String> sink) {
        this.prefix = prefix;
        this.sink = sink;
    }

    @Override
    public void write(int b) {
        if (b == '\n') {
            flush();
        } else if (line.size() < MAX_LINE) {
            line.write(b);
        }
    }

    @Override
    public void flush() {
        if (line.size() > 0) {
            sink.accept(prefix + line.toString(StandardCharsets.UTF_8));
            line.reset();
        }
    }
}
