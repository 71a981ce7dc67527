package io.hetumind.nodes.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.spi.ErrorKind;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * One Agent Command run: started as a one-off run of the task-server, followed by bounded polling (100 ms doubling
 * to 1 s) until it ended, canceled on the agent when the workflow is canceled or a bound passes, its output read
 * from the logs API up to the byte limit per stream, and its status turned into an item or a node error.
 */
final class AgentRun {

    /** What to run ({@code run} is the body of {@code POST /runs}) and how to treat the outcome. */
    record Spec(ObjectNode run, long timeoutSeconds, long agentWaitSeconds, boolean failOnNonZeroExit, int maxBytes) {}

    /** Past the command's timeout, how long the node still waits for the agent's (or the server's) verdict. */
    static final Duration VERDICT_GRACE = Duration.ofSeconds(90);

    private static final int PAGE = 1000;

    private final NodeContext ctx;
    private final TaskServerClient client;
    private final int item;
    private final Spec spec;
    private final String command;
    private volatile String current;

    AgentRun(NodeContext ctx, TaskServerClient client, int item, Spec spec) {
        this.ctx = ctx;
        this.client = client;
        this.item = item;
        this.spec = spec;
        this.command = spec.run().path("command").asText();
    }

    /** The output item, or null when the workflow was canceled (the run is then canceled too). */
    ObjectNode run() throws InterruptedException {
        JsonNode inst = client.startRun(spec.run());
        current = inst.path("id").asText();
        try {
            return follow(inst);
        } catch (InterruptedException e) {
            // The engine interrupts a canceled execution's nodes: the run on the agent is canceled as well.
            cancelQuietly();
            throw e;
        } catch (NodeException e) {
            if (ctx.canceled()) { // a request cut short by the interrupt
                cancelQuietly();
                return null;
            }
            throw e;
        }
    }

    private void cancelQuietly() {
        boolean interrupted = Thread.interrupted();
        try {
            client.cancel(current);
        } catch (InterruptedException | RuntimeException e) {
            // best effort: the command still ends at its timeout
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private ObjectNode follow(JsonNode first) throws InterruptedException {
        JsonNode inst = first;
        String id = current;
        String taskId = inst.path("taskId").asText();
        String jobId = inst.path("jobId").asText();
        long startedAt = System.nanoTime();
        long agentDeadline =
                startedAt + Duration.ofSeconds(spec.agentWaitSeconds()).toNanos();
        long delay = 100;
        while (true) {
            if (ctx.canceled()) {
                client.cancel(id);
                return null;
            }
            String status = inst.path("status").asText();
            long now = System.nanoTime();
            if ("lost".equals(status)) {
                JsonNode next = nextAttempt(taskId, id);
                if (next == null) {
                    throw ended(inst, jobId, "was lost: " + inst.path("message").asText("its agent went away"));
                }
                inst = next;
                id = next.path("id").asText();
                current = id;
                continue;
            }
            if (terminal(status)) {
                return outcome(inst, jobId);
            }
            if ("queued".equals(status) && now > agentDeadline) {
                client.cancel(id);
                throw NodeException.user(
                        "No agent of namespace '" + spec.run().path("namespace").asText() + "'"
                                + labels() + " took the command '" + command + "' within "
                                + spec.agentWaitSeconds() + " s (job " + jobId + ", instance " + id
                                + "); it was canceled [item " + item + "]",
                        item);
            }
            if (!"queued".equals(status) && overdue(inst)) {
                client.cancel(id);
                throw new NodeException(
                        ErrorKind.OPERATIONAL,
                        "Command '" + command + "' on agent " + agent(inst) + " did not end within its timeout of "
                                + spec.timeoutSeconds() + " s and " + VERDICT_GRACE.toSeconds()
                                + " s more; it was canceled (job " + jobId + ", instance " + id + ") [item " + item
                                + "]",
                        item,
                        null,
                        null);
            }
            sleep(delay);
            delay = Math.min(1000, delay * 2);
            inst = client.instance(id);
        }
    }

    private boolean overdue(JsonNode inst) {
        Instant started = instant(inst, "startedAt");
        if (started == null) {
            started = instant(inst, "dispatchedAt");
        }
        return started != null
                && Instant.now()
                        .isAfter(started.plusSeconds(spec.timeoutSeconds()).plus(VERDICT_GRACE));
    }

    /** The newest attempt of the task when it is newer than {@code id} (a lost one is queued again), else null. */
    private JsonNode nextAttempt(String taskId, String id) throws InterruptedException {
        JsonNode attempts = client.task(taskId).path("instances");
        JsonNode latest = null;
        for (JsonNode a : attempts) {
            if (latest == null
                    || a.path("attempt").asInt() > latest.path("attempt").asInt()) {
                latest = a;
            }
        }
        return latest == null || latest.path("id").asText().equals(id) ? null : latest;
    }

    private ObjectNode outcome(JsonNode inst, String jobId) throws InterruptedException {
        String status = inst.path("status").asText();
        JsonNode exit = inst.path("exitCode");
        switch (status) {
            case "succeeded" -> {
                return item(inst);
            }
            case "failed" -> {
                if (exit.isNull() || exit.isMissingNode()) {
                    throw ended(
                            inst,
                            jobId,
                            "could not start: " + inst.path("message").asText("no reason given"));
                }
                ObjectNode out = item(inst);
                if (!spec.failOnNonZeroExit()) {
                    return out;
                }
                String stderr = out.path("stderr").asText();
                throw new NodeException(
                        ErrorKind.USER,
                        "Command '" + command + "' exited with code " + exit.asInt() + " on agent " + agent(inst)
                                + " (job " + jobId + ", instance "
                                + inst.path("id").asText() + ") [item " + item
                                + "]" + (stderr.isEmpty() ? "" : "\n" + tail(stderr, 2000)),
                        item,
                        null,
                        null);
            }
            case "timed_out" ->
                throw ended(inst, jobId, "timed out after " + spec.timeoutSeconds() + " s and was killed");
            case "canceled" -> throw ended(inst, jobId, "was canceled on the task-server");
            default -> throw ended(inst, jobId, "ended " + status);
        }
    }

    private NodeException ended(JsonNode inst, String jobId, String what) throws InterruptedException {
        String on = inst.path("agentId").isTextual() ? " on agent " + agent(inst) : "";
        boolean remote = "lost".equals(inst.path("status").asText());
        return new NodeException(
                remote ? ErrorKind.OPERATIONAL : ErrorKind.USER,
                "Command '" + command + "'" + on + " " + what + " (job " + jobId + ", instance "
                        + inst.path("id").asText() + ") [item " + item + "]",
                item,
                null,
                null);
    }

    private ObjectNode item(JsonNode inst) throws InterruptedException {
        String id = inst.path("id").asText();
        Output stdout = new Output(spec.maxBytes());
        Output stderr = new Output(spec.maxBytes());
        long after = -1;
        // Read at most eight times the bytes kept, so a flood on one stream cannot hold the node for long.
        long budget = 8L * Math.max(spec.maxBytes(), 64 * 1024);
        long read = 0;
        boolean complete = false;
        while (!complete && read <= budget && !(stdout.full() && stderr.full())) {
            JsonNode page = client.logs(id, after, PAGE);
            for (JsonNode l : page.path("lines")) {
                String line = l.path("line").asText();
                read += line.length() + 1L;
                ("stderr".equals(l.path("stream").asText()) ? stderr : stdout).add(line);
            }
            long next = page.path("nextAfter").asLong(after);
            complete = page.path("complete").asBoolean() || next == after;
            after = next;
        }
        boolean truncated = stdout.truncated || stderr.truncated || !complete;
        Instant started = instant(inst, "startedAt");
        Instant finished = instant(inst, "finishedAt");
        ObjectNode out = Json.object();
        JsonNode exit = inst.path("exitCode");
        if (exit.isNumber()) {
            out.put("exitCode", exit.asInt());
        } else {
            out.putNull("exitCode");
        }
        out.put("status", inst.path("status").asText())
                .put("stdout", stdout.text())
                .put("stderr", stderr.text());
        if (started != null && finished != null) {
            out.put("durationMs", Duration.between(started, finished).toMillis());
        } else {
            out.putNull("durationMs");
        }
        return out.put("agent", agent(inst)).put("instanceId", id).put("truncated", truncated);
    }

    /** The agent's name, quoted (its id when it cannot be read). */
    private String agent(JsonNode inst) throws InterruptedException {
        String id = inst.path("agentId").asText("");
        return id.isEmpty() ? "(none)" : client.agentName(id);
    }

    private String labels() {
        JsonNode l = spec.run().path("labels");
        return l.isEmpty() ? "" : " with labels " + l;
    }

    private void sleep(long millis) throws InterruptedException {
        long until = System.currentTimeMillis() + millis;
        while (!ctx.canceled() && System.currentTimeMillis() < until) {
            Thread.sleep(Math.min(50, Math.max(1, until - System.currentTimeMillis())));
        }
    }

    private static boolean terminal(String status) {
        return switch (status) {
            case "succeeded", "failed", "timed_out", "canceled", "lost" -> true;
            default -> false;
        };
    }

    private static Instant instant(JsonNode inst, String field) {
        JsonNode v = inst.path(field);
        return v.isTextual() ? Instant.parse(v.asText()) : null;
    }

    private static String tail(String s, int chars) {
        return s.length() <= chars ? s : "…" + s.substring(s.length() - chars);
    }

    /** One stream's lines, joined by newlines and cut at a byte limit (on a character boundary). */
    private static final class Output {
        private final int max;
        private final StringBuilder text = new StringBuilder();
        private int bytes;
        boolean truncated;

        Output(int max) {
            this.max = max;
        }

        void add(String line) {
            if (truncated) {
                return;
            }
            String piece = text.isEmpty() ? line : "\n" + line;
            int size = piece.getBytes(StandardCharsets.UTF_8).length;
            if (bytes + size <= max) {
                text.append(piece);
                bytes += size;
                return;
            }
            truncated = true;
            for (int i = 0; i < piece.length(); ) {
                int cp = piece.codePointAt(i);
                int n = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
                if (bytes + n > max) {
                    break;
                }
                text.appendCodePoint(cp);
                bytes += n;
                i += Character.charCount(cp);
            }
        }

        boolean full() {
            return truncated;
        }

        String text() {
            return text.toString();
        }
    }
}
