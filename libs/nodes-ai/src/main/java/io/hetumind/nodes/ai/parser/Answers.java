package io.hetumind.nodes.ai.parser;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.spi.Json;

/** Reads JSON out of a model's answer: a fenced ```json block, or the outermost object or array in the text. */
public final class Answers {

    private Answers() {}

    /** The JSON in {@code answer}; an IllegalArgumentException saying why when there is none. */
    public static JsonNode json(String answer) {
        if (answer == null || answer.isBlank()) {
            throw new IllegalArgumentException("the answer is empty");
        }
        String text = answer.strip();
        int fence = text.indexOf("```");
        if (fence >= 0) {
            int start = text.indexOf('\n', fence);
            int end = text.indexOf("```", fence + 3);
            if (start > 0 && end > start) {
                text = text.substring(start + 1, end).strip();
            }
        }
        int obj = text.indexOf('{');
        int arr = text.indexOf('[');
        int from = obj < 0 ? arr : arr < 0 ? obj : Math.min(obj, arr);
        if (from < 0) {
            throw new IllegalArgumentException("the answer holds no JSON");
        }
        char close = text.charAt(from) == '{' ? '}' : ']';
        int to = text.lastIndexOf(close);
        if (to < from) {
            throw new IllegalArgumentException("the answer's JSON is cut short");
        }
        try {
            return Json.reader().readTree(text.substring(from, to + 1));
        } catch (Exception e) {
            throw new IllegalArgumentException("the answer's JSON does not parse: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
    }
}
