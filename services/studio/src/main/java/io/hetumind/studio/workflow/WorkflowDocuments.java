package io.hetumind.studio.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.format.N8nImport;
import io.hetumind.core.format.WorkflowFormat;
import io.hetumind.core.format.WorkflowFormatException;
import io.hetumind.core.model.Workflow;
import io.hetumind.core.spi.NodePolicy;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.core.validate.Problem;
import io.hetumind.core.validate.ValidationReport;
import io.hetumind.core.validate.WorkflowValidator;
import io.hetumind.nodes.NodePolicyCheck;
import io.hetumind.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns what users upload into a workflow: a Hetumind document or an n8n export, JSON or YAML (told apart by the
 * text, not the content type), checked by the engine's validator.
 *
 * <p>What may be saved: anything that is a well-formed workflow. Problems a draft naturally has (no trigger yet, a
 * required parameter not filled in, a loop being drawn) are reported with the saved version; problems that make the
 * document not a workflow this instance can run (unknown node types, connections to nodes that do not exist,
 * duplicate names, bad settings) refuse the save with the report, and nothing is stored.
 */
@ApplicationScoped
public class WorkflowDocuments {
    /** Codes that refuse a save; every other error only blocks running and activation. */
    static final Set<String> STRUCTURAL = Set.of(
            "missing-type",
            "duplicate-name",
            "unknown-type",
            "unsupported-version",
            "dangling-connection",
            "bad-connection",
            "bad-setting");

    private final NodeRegistry registry;
    private final WorkflowValidator validator;
    private final NodePolicy nodePolicy;

    public WorkflowDocuments(NodeRegistry registry, NodePolicy nodePolicy) {
        this.registry = registry;
        this.validator = new WorkflowValidator(registry);
        this.nodePolicy = nodePolicy;
    }

    /** A parsed upload: the workflow, where it came from and the tags it carried (n8n exports carry theirs). */
    public record Parsed(Workflow workflow, String source, List<String> tags) {}

    /** Parses {@code text}; a malformed document or an n8n export with node types we lack is a 400. */
    public Parsed parse(String text) {
        if (text == null || text.isBlank()) {
            throw ProblemException.badRequest("empty-workflow", "the body must be a workflow document (JSON or YAML)");
        }
        boolean yaml = !looksLikeJson(text);
        try {
            JsonNode tree = WorkflowFormat.parseTree(text, yaml);
            if (!(tree instanceof ObjectNode object)) {
                throw ProblemException.badRequest(
                        "malformed-workflow", "a workflow document is an object with 'nodes' and 'connections'");
            }
            List<String> tags = tags(object.get("tags"));
            if (N8nImport.looksLikeN8n(object)) {
                N8nImport.Result r = N8nImport.convert(yaml ? object.toString() : text, registry);
                if (!r.ok()) {
                    throw new WorkflowRefused(
                            "the n8n export uses node types this instance does not have: "
                                    + String.join(", ", r.unsupported()),
                            validate(r.workflow()));
                }
                return new Parsed(r.workflow(), "n8n", tags);
            }
            Workflow wf = yaml ? WorkflowFormat.readYaml(text) : WorkflowFormat.readJson(text);
            return new Parsed(wf, "hetumind", tags);
        } catch (WorkflowFormatException e) {
            throw ProblemException.badRequest("malformed-workflow", e.getMessage());
        }
    }

    /**
     * The full report: the validator's findings and the nodes this instance switches off ({@code node-disabled}:
     * they may be saved, not run).
     */
    public ValidationReport validate(Workflow wf) {
        ValidationReport report = validator.validate(wf);
        List<Problem> disabled = NodePolicyCheck.problems(wf, registry, nodePolicy);
        if (disabled.isEmpty()) {
            return report;
        }
        List<Problem> all = new ArrayList<>(report.problems());
        all.addAll(disabled);
        return new ValidationReport(all);
    }

    /** The report of a workflow about to be saved; throws {@link WorkflowRefused} if it has structural errors. */
    public ValidationReport checkSavable(Workflow wf) {
        ValidationReport report = validate(wf);
        List<Problem> structural = report.errors().stream()
                .filter(p -> STRUCTURAL.contains(p.code()))
                .toList();
        if (!structural.isEmpty()) {
            throw new WorkflowRefused("the workflow cannot be saved: " + structural.getFirst(), report);
        }
        return report;
    }

    /** The errors of {@code wf}'s report that would refuse its save (empty: it may be saved). */
    public List<Problem> structuralProblems(Workflow wf) {
        return validate(wf).errors().stream()
                .filter(p -> STRUCTURAL.contains(p.code()))
                .toList();
    }

    /** The report of a workflow about to run or be activated; throws {@link WorkflowRefused} on any error. */
    public ValidationReport checkRunnable(Workflow wf, String doing) {
        ValidationReport report = validate(wf);
        if (!report.ok()) {
            throw new WorkflowRefused(
                    "the workflow cannot be " + doing + ": " + report.errors().getFirst(), report);
        }
        return report;
    }

    private static boolean looksLikeJson(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Character.isWhitespace(c) && c != '\uFEFF') {
                return c == '{' || c == '[';
            }
        }
        return true;
    }

    /** Tags as n8n exports them ({@code [{"id","name"}]}) or as plain strings. */
    private static List<String> tags(JsonNode node) {
        if (!(node instanceof ArrayNode array)) {
            return List.of();
        }
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode t : array) {
            String name = t.isTextual() ? t.asText() : t.path("name").asText("");
            if (!name.isBlank()) {
                out.add(name.strip());
            }
        }
        return List.copyOf(out);
    }
}
