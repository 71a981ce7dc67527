package io.hetumind.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.engine.WorkflowInvalidException;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.Json;
import io.hetumind.core.validate.Problem;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Input parsing and result printing shared by {@code run} and {@code resume}. */
final class RunSupport {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int INVALID = 2;

    private RunSupport() {}

    /** {@code --input}: a JSON object (one item), an array (one item each), or {@code @file}. */
    static List<Item> parseInput(String input) throws IOException {
        if (input == null) {
            return null;
        }
        String text = input.startsWith("@") ? readInputFile(input.substring(1)) : input;
        JsonNode tree;
        try {
            tree = Json.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--input is not valid JSON: " + e.getMessage());
        }
        List<Item> items = new ArrayList<>();
        if (tree.isObject()) {
            items.add(Item.of((ObjectNode) tree));
        } else if (tree.isArray()) {
            for (JsonNode n : tree) {
                if (!n.isObject()) {
                    throw new IllegalArgumentException("--input array entries must be objects, got " + n);
                }
                items.add(Item.of((ObjectNode) (n.has("json") && n.get("json").isObject() ? n.get("json") : n)));
            }
        } else {
            throw new IllegalArgumentException("--input must be a JSON object or array, got " + tree.getNodeType());
        }
        return items;
    }

    private static String readInputFile(String name) {
        Path path = Path.of(name);
        try {
            return Files.readString(path);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException("--input @" + name + ": no such file");
        } catch (java.nio.file.AccessDeniedException e) {
            throw new IllegalArgumentException("--input @" + name + ": permission denied");
        } catch (IOException e) {
            throw new IllegalArgumentException("--input @" + name + ": cannot be read ("
                    + (Files.isDirectory(path) ? "it is a directory" : e.getMessage()) + ")");
        }
    }

    static int report(ExecutionResult r, boolean json, PrintWriter out, PrintWriter err, String checkpointDir) {
        if (json) {
            out.println(pretty(r.toJson()));
            out.flush();
            return exitCode(r.status());
        }
        out.println();
        switch (r.status()) {
            case SUCCESS -> {
                out.println("Execution " + r.executionId() + " succeeded. Output of '"
                        + r.state().lastNodeExecuted() + "':");
                var arr = Json.array();
                r.lastOutput().forEach(i -> arr.add(i.json()));
                out.println(pretty(arr));
            }
            case WAITING ->
                out.println("Execution " + r.executionId() + " is waiting ("
                        + r.state().pauseReason()
                        + ")"
                        + (checkpointDir == null
                                ? "; run with --checkpoint-dir to resume it later."
                                : "; continue with: hetumind resume " + r.executionId() + " --checkpoint-dir "
                                        + checkpointDir));
            default -> {
                var e = r.state().error();
                err.println("Execution " + r.executionId() + " " + r.status().wire()
                        + (e == null
                                ? ""
                                : ": " + (e.node() == null ? "" : "[" + e.node() + "] ") + e.message()
                                        + (e.description() == null ? "" : " (" + e.description() + ")")));
            }
        }
        out.flush();
        err.flush();
        return exitCode(r.status());
    }

    static int invalid(WorkflowInvalidException e, String file, PrintWriter err) {
        err.println(file + ": invalid workflow");
        for (Problem p : e.report().problems()) {
            err.println("  - " + p);
        }
        err.flush();
        return INVALID;
    }

    private static int exitCode(ExecutionStatus s) {
        return s == ExecutionStatus.SUCCESS || s == ExecutionStatus.WAITING ? OK : FAILED;
    }

    static String pretty(JsonNode node) {
        try {
            return Json.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
