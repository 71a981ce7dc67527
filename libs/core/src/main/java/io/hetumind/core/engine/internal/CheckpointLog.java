package io.hetumind.core.engine.internal;

import io.hetumind.core.engine.CheckpointCorruptException;
import io.hetumind.core.engine.Checkpointer.Entry;
import io.hetumind.core.engine.ExecutionStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The format of one execution's file in a {@link FileCheckpointer}: commits appended one after another, each a run of
 * records ending with the status the commit left the execution in.
 *
 * <pre>
 * 7\t{"t":"NodeStarted",…}       an event: its seq, a tab, its EventCodec JSON (the journal.jsonl line)
 * S9 1234\n{"v":2,…}              a snapshot covering every event up to seq 9: its length in bytes, then the state
 * #SUCCESS -1                     the status and wake-up time after the commit; the last line of every commit
 * </pre>
 *
 * <p>Every record ends with a newline. Bytes after the last complete record were being written when a process was
 * killed: they are not part of the checkpoint. A file whose last complete record is not a status line was cut short in
 * the middle of a commit, so a writer was running it: its status is {@code RUNNING}. JSON never puts {@code #} at the
 * start of a line, so the last line alone tells a settled execution's status.
 */
public final class CheckpointLog {

    /** Enough for the longest status line ({@code #CANCELED -9223372036854775808}) and the newline before it. */
    static final int TAIL_BYTES = 64;

    private CheckpointLog() {}

    /** A status line as written: what {@link Checkpointer#unfinished} reports. */
    public record Status(ExecutionStatus status, long wakeAt) {
        public static final Status RUNNING = new Status(ExecutionStatus.RUNNING, -1);
    }

    /**
     * What a file holds up to its last complete record ({@code length} bytes). {@code status} is where the execution
     * stands ({@code null} when the file holds no event and no snapshot); snapshot and events are only kept when asked.
     */
    public record Content(
            boolean hasSnapshot,
            String snapshot,
            long snapshotSeq,
            List<Entry> events,
            long head,
            long length,
            Status status) {

        public boolean isEmpty() {
            return head == 0 && !hasSnapshot;
        }
    }

    /** The bytes one commit appends: its events, its snapshot, its status. */
    public static byte[] commit(List<Entry> events, long lastSeq, String snapshotJson, Status status) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + (snapshotJson == null ? 0 : snapshotJson.length()));
        StringBuilder head = new StringBuilder();
        for (Entry e : events) {
            head.append(e.seq()).append('\t').append(e.json()).append('\n');
        }
        if (snapshotJson != null) {
            byte[] body = snapshotJson.getBytes(StandardCharsets.UTF_8);
            head.append('S').append(lastSeq).append(' ').append(body.length).append('\n');
            out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
            out.writeBytes(body);
            head.setLength(0);
            head.append('\n');
        }
        if (status != null) {
            head.append('#')
                    .append(status.status().name())
                    .append(' ')
                    .append(status.wakeAt())
                    .append('\n');
        }
        out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /**
     * Reads a file: the latest snapshot and the events after it ({@code keepData}), the last seq and the length of the
     * complete records.
     *
     * @throws CheckpointCorruptException for a record that cannot be a torn tail: a line that is none of the three
     *     kinds, a gap in sequence numbers, a snapshot whose length does not match
     */
    public static Content read(String executionId, byte[] bytes, boolean keepData) {
        List<Entry> events = new ArrayList<>();
        boolean hasSnapshot = false;
        String snapshot = null;
        long snapshotSeq = 0;
        long head = 0;
        int length = 0;
        Status last = null;
        boolean endsSettled = false;
        int pos = 0;
        while (pos < bytes.length) {
            int nl = indexOf(bytes, (byte) '\n', pos, bytes.length);
            if (nl < 0) {
                break; // torn
            }
            byte kind = bytes[pos];
            if (kind == 'S') {
                String header = text(bytes, pos + 1, nl);
                int space = header.indexOf(' ');
                long seq = number(executionId, header.substring(0, Math.max(space, 0)), pos, "snapshot");
                long size = number(executionId, header.substring(space + 1), pos, "snapshot");
                long end = nl + 1 + size;
                if (end >= bytes.length) {
                    break; // torn in the middle of the state
                }
                if (bytes[(int) end] != '\n' || seq < head) {
                    throw new CheckpointCorruptException(
                            executionId, "the snapshot at byte " + pos + " does not match its header", null);
                }
                if (keepData) {
                    snapshot = text(bytes, nl + 1, (int) end);
                    events.clear();
                }
                hasSnapshot = true;
                snapshotSeq = seq;
                head = seq;
                endsSettled = false;
                pos = (int) end + 1;
            } else if (kind == '#') {
                last = status(executionId, text(bytes, pos + 1, nl), pos);
                endsSettled = true;
                pos = nl + 1;
            } else {
                int tab = indexOf(bytes, (byte) '\t', pos, nl);
                long seq = number(executionId, text(bytes, pos, Math.max(tab, pos)), pos, "event");
                if (seq != head + 1) {
                    throw new CheckpointCorruptException(
                            executionId, "the log jumps from seq " + head + " to " + seq, null);
                }
                if (keepData) {
                    events.add(new Entry(seq, text(bytes, tab + 1, nl)));
                }
                head = seq;
                endsSettled = false;
                pos = nl + 1;
            }
            length = pos;
        }
        Status status = endsSettled ? last : head > 0 || hasSnapshot ? Status.RUNNING : null;
        return new Content(hasSnapshot, snapshot, snapshotSeq, events, head, length, status);
    }

    /** The bytes of a log holding {@code content}: its snapshot, its events and its status. */
    static byte[] of(Content content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (content.snapshot() != null) {
            out.writeBytes(commit(List.of(), content.snapshotSeq(), content.snapshot(), null));
        }
        if (!content.isEmpty()) {
            out.writeBytes(commit(content.events(), content.head(), null, content.status()));
        }
        return out.toByteArray();
    }

    /**
     * A log's status for {@link Checkpointer#unfinished}: from its last line when that is a status line, else from the
     * whole log. A log that cannot be read counts as running, so that resuming it reports what is wrong.
     */
    public static Status status(String executionId, Path log) throws IOException {
        try (FileChannel ch = FileChannel.open(log, StandardOpenOption.READ)) {
            long size = ch.size();
            int n = (int) Math.min(size, TAIL_BYTES);
            ByteBuffer tail = ByteBuffer.allocate(n);
            while (tail.hasRemaining() && ch.read(tail, size - n + tail.position()) >= 0) {
                // positional reads until full
            }
            try {
                Status settled = settledStatus(executionId, tail.array(), n == size);
                return settled != null
                        ? settled
                        : read(executionId, readAll(ch), false).status();
            } catch (CheckpointCorruptException e) {
                return Status.RUNNING;
            }
        }
    }

    public static byte[] readAll(FileChannel ch) throws IOException {
        long size = ch.size();
        if (size > Integer.MAX_VALUE - 8) {
            throw new IOException("checkpoint log of " + size + " bytes is too large");
        }
        ByteBuffer buf = ByteBuffer.allocate((int) size);
        while (buf.hasRemaining() && ch.read(buf, buf.position()) >= 0) {
            // positional reads until full
        }
        return buf.array();
    }

    /**
     * The status from a file's last {@link #TAIL_BYTES} bytes when they end with a complete status line, else null
     * (the file must be read whole: it was cut short, or it holds no commit yet).
     */
    private static Status settledStatus(String executionId, byte[] tail, boolean fromStart) {
        int end = tail.length - 1;
        if (end < 1 || tail[end] != '\n') {
            return null;
        }
        int start = end - 1;
        while (start >= 0 && tail[start] != '\n') {
            start--;
        }
        if ((start < 0 && !fromStart) || tail[start + 1] != '#') {
            return null;
        }
        return status(executionId, text(tail, start + 2, end), start + 1);
    }

    private static Status status(String executionId, String line, int at) {
        int space = line.indexOf(' ');
        try {
            return new Status(
                    ExecutionStatus.valueOf(line.substring(0, Math.max(space, 0))),
                    Long.parseLong(line.substring(space + 1)));
        } catch (IllegalArgumentException e) {
            throw new CheckpointCorruptException(executionId, "the status line at byte " + at + " cannot be read", e);
        }
    }

    private static long number(String executionId, String digits, int at, String what) {
        try {
            long n = Long.parseLong(digits);
            if (n < 0) {
                throw new NumberFormatException(digits);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new CheckpointCorruptException(
                    executionId, "the " + what + " line at byte " + at + " has no sequence number", e);
        }
    }

    private static int indexOf(byte[] bytes, byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static String text(byte[] bytes, int from, int to) {
        return new String(bytes, from, to - from, StandardCharsets.UTF_8);
    }
}
