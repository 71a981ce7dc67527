package io.hetumind.studio.workflow;

import io.hetumind.platform.problem.ProblemException;
import io.hetumind.platform.validation.TextValidator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Workflow tags: trimmed, unique, at most {@value #MAX} of at most {@value #MAX_LENGTH} characters each. */
final class Tags {
    static final int MAX = 32;
    static final int MAX_LENGTH = 64;

    private Tags() {}

    /** {@code a} then {@code b}, duplicates dropped, each checked; a bad tag is a 400 naming it. */
    static List<String> merge(List<String> a, List<String> b) {
        Set<String> out = new LinkedHashSet<>();
        for (List<String> list : List.of(a == null ? List.<String>of() : a, b == null ? List.<String>of() : b)) {
            for (String t : list) {
                String tag = t == null ? "" : t.strip();
                String problem = TextValidator.problem(tag, 1, MAX_LENGTH);
                if (problem != null) {
                    throw ProblemException.invalid("tags", "tag '" + abbreviate(tag) + "' " + problem);
                }
                out.add(tag);
            }
        }
        if (out.size() > MAX) {
            throw ProblemException.invalid("tags", "at most " + MAX + " tags");
        }
        return List.copyOf(out);
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
