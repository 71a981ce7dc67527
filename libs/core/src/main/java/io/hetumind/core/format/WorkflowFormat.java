package io.hetumind.core.format;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.hetumind.core.model.Workflow;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.JsonLimits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads and writes workflow files: JSON (n8n's export shape) or YAML with the same fields.
 * Parse errors name the line and column; structural errors name the JSON path.
 */
public final class WorkflowFormat {

    private static final ObjectReader JSON = Json.reader()
            .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .with(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION.mappedFeature());
    private static final ObjectMapper YAML = new YAMLMapper(YAMLFactory.builder()
                    .loaderOptions(yamlLoader())
                    .streamReadConstraints(JsonLimits.constraints())
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                    .build())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final ObjectWriter PRETTY = Json.writer().with(SerializationFeature.INDENT_OUTPUT);

    private WorkflowFormat() {}

    /** Reads a file, choosing YAML for {@code .yaml}/{@code .yml} and JSON otherwise. */
    public static Workflow read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new WorkflowFormatException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        String name = file.getFileName().toString().toLowerCase();
        try {
            return name.endsWith(".yaml") || name.endsWith(".yml") ? readYaml(text) : readJson(text);
        } catch (WorkflowFormatException e) {
            throw new WorkflowFormatException(file + ": " + e.getMessage(), e.getCause());
        }
    }

    /** Maps an already parsed tree onto a workflow; shape errors name the JSON path. */
    public static Workflow read(JsonNode tree) {
        return WorkflowReader.read(tree);
    }

    public static Workflow readJson(String text) {
        return WorkflowReader.read(parse(JSON, text, "JSON"));
    }

    public static Workflow readYaml(String text) {
        return WorkflowReader.read(parse(YAML.reader(), text, "YAML"));
    }

    /** Parses JSON or YAML text into a tree, reporting line and column of a syntax error. */
    public static JsonNode parseTree(String text, boolean yaml) {
        return yaml ? parse(YAML.reader(), text, "YAML") : parse(JSON, text, "JSON");
    }

    private static JsonNode parse(ObjectReader mapper, String text, String what) {
        if (text == null || text.isBlank()) {
            throw new WorkflowFormatException("empty " + what + " document");
        }
        try {
            JsonNode tree = mapper.readTree(text);
            if (tree == null || tree.isMissingNode()) {
                throw new WorkflowFormatException("empty " + what + " document");
            }
            return tree;
        } catch (StreamConstraintsException e) {
            throw new WorkflowFormatException(what + " document too large: " + JsonLimits.explain(e) + at(e), e);
        } catch (JsonProcessingException e) {
            if (e.getCause() instanceof org.yaml.snakeyaml.error.YAMLException y
                    && String.valueOf(y.getMessage()).contains("code points")) {
                throw new WorkflowFormatException(
                        "YAML document too large: it is longer than the limit of " + JsonLimits.MAX_STRING
                                + " characters (raise it with " + JsonLimits.MAX_STRING_ENV + ")",
                        e);
            }
            var loc = e.getLocation();
            String where = loc == null ? "" : "line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ": ";
            throw new WorkflowFormatException("malformed " + what + " at " + where + e.getOriginalMessage(), e);
        }
    }

    private static String at(JsonProcessingException e) {
        var loc = e.getLocation();
        return loc == null ? "" : " (at line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
    }

    private static org.yaml.snakeyaml.LoaderOptions yamlLoader() {
        var options = new org.yaml.snakeyaml.LoaderOptions();
        options.setCodePointLimit(JsonLimits.MAX_STRING);
        options.setNestingDepthLimit(JsonLimits.MAX_DEPTH);
        return options;
    }

    public static ObjectNode toTree(Workflow workflow) {
        return WorkflowWriter.write(workflow);
    }

    public static String writeJson(Workflow workflow) {
        try {
            return PRETTY.writeValueAsString(WorkflowWriter.write(workflow)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String writeYaml(Workflow workflow) {
        try {
            return YAML.writeValueAsString(WorkflowWriter.write(workflow));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
