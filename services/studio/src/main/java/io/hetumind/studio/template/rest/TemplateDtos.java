package io.hetumind.studio.template.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.template.Template;
import io.hetumind.core.template.TemplateFormat;
import io.hetumind.core.template.TemplateParameter;
import io.hetumind.studio.template.TemplateRepository;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Request and response bodies of {@link TemplateResource}. */
public final class TemplateDtos {
    private TemplateDtos() {}

    /** One declared parameter. */
    public record ParameterView(String name, String type, JsonNode defaultValue, boolean required, String description) {
        static List<ParameterView> of(Template t) {
            return t.parameters().stream()
                    .map((TemplateParameter p) -> new ParameterView(
                            p.name(), p.type().wire(), p.defaultValue(), p.required(), p.description()))
                    .toList();
        }
    }

    /** A template in lists. */
    public record TemplateSummary(
            UUID id, String name, int version, String description, Instant createdAt, Instant updatedAt) {
        static TemplateSummary of(TemplateRepository.Head h) {
            return new TemplateSummary(h.id(), h.name(), h.version(), h.description(), h.createdAt(), h.updatedAt());
        }
    }

    /** One template: its head and the document of that version. */
    public record TemplateView(
            UUID id,
            String name,
            int version,
            String description,
            List<ParameterView> parameters,
            Instant createdAt,
            Instant updatedAt,
            ObjectNode template) {}

    /** A built-in template of the gallery. */
    public record GalleryView(
            String name, int version, String description, List<ParameterView> parameters, ObjectNode template) {
        static GalleryView of(Template t) {
            return new GalleryView(
                    t.name(), t.version(), t.description(), ParameterView.of(t), TemplateFormat.toTree(t));
        }
    }
}
