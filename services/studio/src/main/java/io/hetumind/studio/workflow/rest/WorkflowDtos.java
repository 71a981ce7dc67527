package io.hetumind.studio.workflow.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.validate.ValidationReport;
import io.hetumind.studio.workflow.WorkflowRepository;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Request and response bodies of {@link WorkflowResource}. */
public final class WorkflowDtos {
    private WorkflowDtos() {}

    /** A workflow in lists. */
    public record WorkflowSummary(
            UUID id,
            String name,
            int version,
            boolean active,
            List<String> tags,
            Instant createdAt,
            Instant updatedAt) {
        static WorkflowSummary of(WorkflowRepository.Head h) {
            return new WorkflowSummary(
                    h.id(), h.name(), h.version(), h.active(), h.tags(), h.createdAt(), h.updatedAt());
        }
    }

    /** One workflow with its head definition and what the validator says about it. */
    public record WorkflowView(
            UUID id,
            String name,
            int version,
            boolean active,
            List<String> tags,
            Instant createdAt,
            Instant updatedAt,
            ObjectNode workflow,
            List<ProblemView> problems) {
        /** The view of a save: its head, its definition and the validator's findings. */
        public static WorkflowView of(io.hetumind.studio.workflow.WorkflowService.Saved s) {
            WorkflowRepository.Head h = s.head();
            return new WorkflowView(
                    h.id(),
                    h.name(),
                    h.version(),
                    h.active(),
                    h.tags(),
                    h.createdAt(),
                    h.updatedAt(),
                    io.hetumind.core.format.WorkflowFormat.toTree(s.workflow()),
                    ProblemView.of(s.report()));
        }
    }

    /** A validator finding. */
    public record ProblemView(String severity, String code, String node, String path, String message) {
        static List<ProblemView> of(ValidationReport report) {
            return report == null
                    ? List.of()
                    : report.problems().stream()
                            .map(p -> new ProblemView(
                                    p.severity().name().toLowerCase(), p.code(), p.node(), p.path(), p.message()))
                            .toList();
        }
    }

    /** The answer of {@code validate}. */
    public record ValidationView(boolean valid, List<ProblemView> problems) {}

    /** One saved version. */
    public record VersionView(int version, String source, String note, UUID createdBy, Instant createdAt) {
        static VersionView of(WorkflowRepository.Version v) {
            return new VersionView(v.version(), v.source(), v.note(), v.createdBy(), v.at());
        }
    }

    /** Body of {@code rollback}. */
    public record RollbackRequest(Integer version) {}

    /** A tag and how many workflows carry it. */
    public record TagView(String tag, long workflows) {}
}
