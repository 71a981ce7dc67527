package io.hetumind.lambda.handler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.Item;
import io.hetumind.lambda.state.Keys;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * One invocation's request, parsed strictly: every defect is a {@link BadRequestException} naming
 * the field.
 *
 * <pre>{@code
 * {"workflow": {…} | "workflowKey": "workflows/x.json",   // exactly one; keys only under workflows/
 *  "executionId": "…",            // optional on start (a fresh id), required with resume
 *  "resume": false,               // true: the execution must exist (a later batch)
 *  "input": [{…}, …],             // the trigger's items (item JSON objects), on start
 *  "options": {"timeBudgetMs": 60000, "parallel": true, "mode": "trigger"}}
 * }</pre>
 */
public record RunnerRequest(
        JsonNode workflow,
        String workflowKey,
        String executionId,
        boolean resume,
        List<Item> input,
        Long timeBudgetMs,
        boolean parallel,
        String mode) {

    /** Workflows are read from under this folder of the bucket (and its key prefix), and only there. */
    public static final String WORKFLOWS = "workflows/";

    /** The request's top-level fields. */
    public static final Set<String> FIELDS =
            Set.of("workflow", "workflowKey", "executionId", "resume", "input", "options");

    private static final Set<String> OPTIONS = Set.of("timeBudgetMs", "parallel", "mode");

    public static RunnerRequest parse(JsonNode in) {
        if (in == null || !in.isObject()) {
            throw new BadRequestException("the request must be a JSON object");
        }
        unknown(in, FIELDS, "");
        JsonNode wf = in.get("workflow");
        JsonNode key = in.get("workflowKey");
        if ((wf == null || wf.isNull()) == (key == null || key.isNull())) {
            throw new BadRequestException(
                    "give exactly one of 'workflow' (the workflow JSON) and 'workflowKey' (its S3 key)");
        }
        if (wf != null && !wf.isNull() && !wf.isObject()) {
            throw new BadRequestException("'workflow' must be a JSON object");
        }
        String workflowKey = null;
        if (key != null && !key.isNull()) {
            if (!key.isTextual()
                    || key.asText().length() > 1024
                    || !key.asText().startsWith(WORKFLOWS)
                    || key.asText().length() == WORKFLOWS.length()
                    || key.asText().contains("..")) {
                throw new BadRequestException("'workflowKey' must be an S3 key under '" + WORKFLOWS
                        + "' (at most 1024 characters, no '..'), such as 'workflows/orders.json'");
            }
            workflowKey = key.asText();
        }
        String executionId = null;
        JsonNode id = in.get("executionId");
        if (id != null && !id.isNull()) {
            if (!id.isTextual()) {
                throw new BadRequestException("'executionId' must be text");
            }
            try {
                executionId = Keys.check(id.asText(), "'executionId'");
            } catch (IllegalArgumentException e) {
                throw new BadRequestException(e.getMessage());
            }
        }
        boolean resume = bool(in.get("resume"), "resume", false);
        if (resume && executionId == null) {
            throw new BadRequestException("'resume' needs the 'executionId' of the execution to continue");
        }
        List<Item> input = null;
        JsonNode items = in.get("input");
        if (items != null && !items.isNull()) {
            if (!items.isArray()) {
                throw new BadRequestException("'input' must be an array of item objects");
            }
            input = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                if (!items.get(i).isObject()) {
                    throw new BadRequestException("'input[" + i + "]' must be an object (an item's JSON)");
                }
                input.add(Item.of((ObjectNode) items.get(i).deepCopy()));
            }
        }
        Long budget = null;
        boolean parallel = true;
        String mode = "trigger";
        JsonNode options = in.get("options");
        if (options != null && !options.isNull()) {
            if (!options.isObject()) {
                throw new BadRequestException("'options' must be an object");
            }
            unknown(options, OPTIONS, "options.");
            JsonNode b = options.get("timeBudgetMs");
            if (b != null && !b.isNull()) {
                if (!b.isIntegralNumber() || b.asLong() <= 0) {
                    throw new BadRequestException(
                            "'options.timeBudgetMs' must be a positive whole number of milliseconds");
                }
                budget = b.asLong();
            }
            parallel = bool(options.get("parallel"), "options.parallel", true);
            JsonNode m = options.get("mode");
            if (m != null && !m.isNull()) {
                if (!m.isTextual() || !m.asText().matches("[a-z][a-z_-]{0,31}")) {
                    throw new BadRequestException(
                            "'options.mode' must be a lower-case word such as 'trigger' or 'manual'");
                }
                mode = m.asText();
            }
        }
        return new RunnerRequest(
                wf == null || wf.isNull() ? null : wf, workflowKey, executionId, resume, input, budget, parallel, mode);
    }

    private static boolean bool(JsonNode n, String name, boolean fallback) {
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.isBoolean()) {
            throw new BadRequestException("'" + name + "' must be true or false");
        }
        return n.asBoolean();
    }

    private static void unknown(JsonNode obj, Set<String> known, String path) {
        for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!known.contains(f)) {
                throw new BadRequestException("unknown field '" + path + f + "' (known: "
                        + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
    }
}
