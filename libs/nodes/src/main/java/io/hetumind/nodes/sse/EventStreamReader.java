package io.hetumind.nodes.sse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a {@code text/event-stream} body as the {@code eventsource} package n8n 2.8 uses (2.0.2) does: lines end at
 * CR, LF or CR LF; a line is a field only when it has a colon after at least one character (so comments, lines
 * without a colon and lines starting with a colon are skipped — {@code data} alone adds nothing, unlike the spec);
 * one space after the colon is dropped; {@code data} values are joined with newlines, {@code event} names the next
 * event, {@code id} sets the last event id at once; an empty line dispatches the event if it has data (type {@code
 * message} when unnamed) and forgets its name either way. Its two read-dependent quirks are kept, reads standing
 * for its chunks: a byte order mark is skipped at the start of a read with no partial line pending, and after a CR
 * in a read an LF-ended line swallows the LF that follows it. An unfinished event at the end of the stream is
 * dropped; {@code retry} is not read (the trigger's host reopens a stream that
 * ended after its own back-off). Unlike eventsource, a line or an event's data longer than
 * {@code limit} bytes is an error rather than unbounded memory.
 */
final class EventStreamReader {

    /** A dispatched event. */
    record Event(String type, String data, String lastEventId) {}

    interface Sink {
        void accept(Event event) throws InterruptedException;
    }

    private final int limit;
    private String lastEventId;
    private final StringBuilder data = new StringBuilder();
    private String eventName = "";

    EventStreamReader(String lastEventId, int limit) {
        this.lastEventId = lastEventId == null ? "" : lastEventId;
        this.limit = limit;
    }

    /** The id the last {@code id} field set (sent back as {@code Last-Event-ID} on reconnecting). */
    String lastEventId() {
        return lastEventId;
    }

    /** Reads events until the stream ends; returns normally at its end. */
    void read(InputStream in, Sink sink) throws IOException, InterruptedException {
        byte[] chunk = new byte[8192];
        byte[] line = new byte[256];
        int length = 0;
        boolean afterCr = false;
        int n;
        while ((n = in.read(chunk)) >= 0) {
            int from = 0;
            // eventsource skips a byte order mark opening any read that starts with no partial line pending
            if (length == 0
                    && n >= 3
                    && (chunk[0] & 0xff) == 0xef
                    && (chunk[1] & 0xff) == 0xbb
                    && (chunk[2] & 0xff) == 0xbf) {
                from = 3;
            }
            // eventsource scans each line from the start of its buffer, so a CR anywhere earlier in the same read
            // makes it drop the LF that follows a line ended by LF (an empty line, in a stream mixing line ends)
            boolean crInRead = false;
            for (int k = from; k < n; k++) {
                byte b = chunk[k];
                if (afterCr) {
                    afterCr = false;
                    if (b == '\n') {
                        continue;
                    }
                }
                if (b == '\r' || b == '\n') {
                    crInRead |= b == '\r';
                    afterCr = crInRead;
                    line(line, length, sink);
                    length = 0;
                    continue;
                }
                if (length == line.length) {
                    if (length >= limit) {
                        throw new IOException("a line of the event stream is longer than " + limit + " bytes");
                    }
                    line = Arrays.copyOf(line, Math.min(limit, length * 2));
                }
                line[length++] = b;
            }
        }
    }

    private void line(byte[] buf, int length, Sink sink) throws IOException, InterruptedException {
        if (length == 0) {
            if (!data.isEmpty()) {
                String type = eventName.isEmpty() ? "message" : eventName;
                String value = data.substring(0, data.length() - 1);
                data.setLength(0);
                eventName = "";
                sink.accept(new Event(type, value, lastEventId));
            }
            eventName = "";
            return;
        }
        int colon = -1;
        for (int k = 0; k < length; k++) {
            if (buf[k] == ':') {
                colon = k;
                break;
            }
        }
        if (colon <= 0) {
            return;
        }
        String field = new String(buf, 0, colon, StandardCharsets.UTF_8);
        int valueStart = colon + 1 < length && buf[colon + 1] == ' ' ? colon + 2 : colon + 1;
        String value = new String(buf, valueStart, length - valueStart, StandardCharsets.UTF_8);
        switch (field) {
            case "data" -> {
                if (data.length() + value.length() + 1 > limit) {
                    throw new IOException("an event of the stream has more than " + limit + " bytes of data");
                }
                data.append(value).append('\n');
            }
            case "event" -> eventName = value;
            case "id" -> lastEventId = value;
            default -> {
                // retry and other fields are ignored: a listener's host reopens it after its own back-off
            }
        }
    }
}
