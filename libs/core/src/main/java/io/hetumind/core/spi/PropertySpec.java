package io.hetumind.core.spi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A typed node property. {@code showWhen} maps a sibling property name to the values for
 * which this property is shown (all entries must match); {@code hideWhen} the opposite.
 * {@code children} are the sub-properties of a collection, or the groups of a fixed
 * collection (each group itself a collection). {@code typeOptions} are hints for the form
 * component of the type (see {@link TypeOptions} for the keys the designer understands).
 */
public record PropertySpec(
        String name,
        String displayName,
        PropertyType type,
        JsonNode defaultValue,
        boolean required,
        String description,
        String placeholder,
        List<OptionSpec> options,
        List<PropertySpec> children,
        Map<String, List<JsonNode>> showWhen,
        Map<String, List<JsonNode>> hideWhen,
        boolean multipleValues,
        boolean noExpression,
        Map<String, JsonNode> typeOptions) {

    /** A show/hide rule key that matches the node's {@code typeVersion}, as n8n's {@code @version}. */
    public static final String VERSION = "@version";

    public PropertySpec {
        options = List.copyOf(options == null ? List.of() : options);
        children = List.copyOf(children == null ? List.of() : children);
        // in the order written: descriptors (the designer's forms, its fixture) read the same on every run
        showWhen = showWhen == null ? Map.of() : io.hetumind.core.model.Maps.ordered(showWhen);
        hideWhen = hideWhen == null ? Map.of() : io.hetumind.core.model.Maps.ordered(hideWhen);
        defaultValue = defaultValue == null ? JsonNodeFactory.instance.nullNode() : defaultValue;
        typeOptions = typeOptions == null || typeOptions.isEmpty()
                ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(typeOptions));
    }

    /** A spec without type options. */
    public PropertySpec(
            String name,
            String displayName,
            PropertyType type,
            JsonNode defaultValue,
            boolean required,
            String description,
            String placeholder,
            List<OptionSpec> options,
            List<PropertySpec> children,
            Map<String, List<JsonNode>> showWhen,
            Map<String, List<JsonNode>> hideWhen,
            boolean multipleValues,
            boolean noExpression) {
        this(
                name,
                displayName,
                type,
                defaultValue,
                required,
                description,
                placeholder,
                options,
                children,
                showWhen,
                hideWhen,
                multipleValues,
                noExpression,
                Map.of());
    }

    /** The type option {@code key}, or null. */
    public JsonNode typeOption(String key) {
        return typeOptions.get(key);
    }

    public static Builder string(String name) {
        return new Builder(name, PropertyType.STRING).defaultValue("");
    }

    public static Builder number(String name) {
        return new Builder(name, PropertyType.NUMBER).defaultValue(0);
    }

    public static Builder bool(String name) {
        return new Builder(name, PropertyType.BOOLEAN).defaultValue(false);
    }

    public static Builder options(String name) {
        return new Builder(name, PropertyType.OPTIONS);
    }

    public static Builder multiOptions(String name) {
        return new Builder(name, PropertyType.MULTI_OPTIONS).defaultValue(JsonNodeFactory.instance.arrayNode());
    }

    public static Builder collection(String name) {
        return new Builder(name, PropertyType.COLLECTION).defaultValue(JsonNodeFactory.instance.objectNode());
    }

    public static Builder fixedCollection(String name) {
        return new Builder(name, PropertyType.FIXED_COLLECTION).defaultValue(JsonNodeFactory.instance.objectNode());
    }

    /** A condition builder ({@link PropertyType#FILTER}); declare its value shape as children. */
    public static Builder filter(String name) {
        return new Builder(name, PropertyType.FILTER).defaultValue(JsonNodeFactory.instance.objectNode());
    }

    /** A reference picked from a list, typed by name or id ({@link PropertyType#RESOURCE_LOCATOR}). */
    public static Builder resourceLocator(String name, String... modes) {
        return new Builder(name, PropertyType.RESOURCE_LOCATOR)
                .defaultValue("")
                .typeOption(TypeOptions.MODES, List.of(modes));
    }

    public static Builder json(String name) {
        return new Builder(name, PropertyType.JSON).defaultValue("{}");
    }

    public static Builder code(String name) {
        return new Builder(name, PropertyType.CODE).defaultValue("");
    }

    public static Builder credential(String name) {
        return new Builder(name, PropertyType.CREDENTIAL);
    }

    public static Builder dateTime(String name) {
        return new Builder(name, PropertyType.DATE_TIME).defaultValue("");
    }

    /** Fluent construction; {@link #build()} checks nothing, the registry validates. */
    public static final class Builder {
        private final String name;
        private final PropertyType type;
        private String displayName;
        private JsonNode defaultValue;
        private boolean required;
        private String description;
        private String placeholder;
        private final List<OptionSpec> options = new ArrayList<>();
        private final List<PropertySpec> children = new ArrayList<>();
        private final Map<String, List<JsonNode>> showWhen = new LinkedHashMap<>();
        private final Map<String, List<JsonNode>> hideWhen = new LinkedHashMap<>();
        private boolean multipleValues;
        private boolean noExpression;
        private final Map<String, JsonNode> typeOptions = new LinkedHashMap<>();

        Builder(String name, PropertyType type) {
            this.name = name;
            this.type = type;
            this.displayName = name;
        }

        public Builder displayName(String value) {
            this.displayName = value;
            return this;
        }

        /**
         * The form's default. A map of more than one entry must keep its order ({@link java.util.SequencedMap}, or
         * a JSON object): {@code Map.of}'s order changes from one JVM to the next, and with it the descriptor the
         * node-types API lists.
         */
        public Builder defaultValue(Object value) {
            requireOrdered(value);
            this.defaultValue = Json.toNode(value);
            return this;
        }

        private void requireOrdered(Object value) {
            if (value instanceof Map<?, ?> map) {
                if (map.size() > 1 && !(map instanceof java.util.SequencedMap)) {
                    throw new IllegalArgumentException("the default of '" + name + "' is a map without an order "
                            + map.keySet() + ": build it as a LinkedHashMap or a JSON object");
                }
                map.values().forEach(this::requireOrdered);
            } else if (value instanceof Iterable<?> items && !(value instanceof JsonNode)) {
                items.forEach(this::requireOrdered);
            }
        }

        public Builder required() {
            this.required = true;
            return this;
        }

        public Builder description(String value) {
            this.description = value;
            return this;
        }

        public Builder placeholder(String value) {
            this.placeholder = value;
            return this;
        }

        public Builder option(String value, String label) {
            options.add(OptionSpec.of(value, label));
            return this;
        }

        /** A choice whose value is not text (a number, a boolean). */
        public Builder option(Number value, String label) {
            options.add(new OptionSpec(Json.toNode(value), label, null));
            return this;
        }

        public Builder option(String value, String label, String optionDescription) {
            options.add(OptionSpec.of(value, label, optionDescription));
            return this;
        }

        public Builder child(PropertySpec child) {
            children.add(child);
            return this;
        }

        public Builder child(Builder child) {
            return child(child.build());
        }

        /** Shown only when sibling {@code property} has one of {@code values}. */
        public Builder showWhen(String property, Object... values) {
            List<JsonNode> list = new ArrayList<>();
            for (Object v : values) {
                list.add(Json.toNode(v));
            }
            showWhen.put(property, list);
            return this;
        }

        public Builder hideWhen(String property, Object... values) {
            List<JsonNode> list = new ArrayList<>();
            for (Object v : values) {
                list.add(Json.toNode(v));
            }
            hideWhen.put(property, list);
            return this;
        }

        public Builder multipleValues() {
            this.multipleValues = true;
            return this;
        }

        public Builder noExpression() {
            this.noExpression = true;
            return this;
        }

        /** A hint for the form component; prefer the named helpers below. */
        public Builder typeOption(String key, Object value) {
            typeOptions.put(key, Json.toNode(value));
            return this;
        }

        /** A multi-line text box of {@code n} rows. */
        public Builder rows(int n) {
            return typeOption(TypeOptions.ROWS, n);
        }

        /** Masked input (a secret typed into a node, e.g. a key). */
        public Builder password() {
            return typeOption(TypeOptions.PASSWORD, true);
        }

        public Builder minValue(double value) {
            return typeOption(TypeOptions.MIN_VALUE, value);
        }

        public Builder maxValue(double value) {
            return typeOption(TypeOptions.MAX_VALUE, value);
        }

        /**
         * The code editor's language: {@code javascript}, {@code python}, {@code json}, {@code sql}, {@code html},
         * {@code css}.
         */
        public Builder editor(String language) {
            return typeOption(TypeOptions.EDITOR, language);
        }

        /** Choices computed at design time by the node type's {@link OptionLoader} of that name. */
        public Builder loadOptions(String loader, String... dependsOn) {
            typeOption(TypeOptions.LOAD_OPTIONS, loader);
            return dependsOn.length == 0 ? this : typeOption(TypeOptions.LOAD_OPTIONS_DEPENDS_ON, List.of(dependsOn));
        }

        /** The label of the button that adds one more value of a repeatable group. */
        public Builder addButtonText(String text) {
            return typeOption(TypeOptions.MULTIPLE_VALUE_BUTTON_TEXT, text);
        }

        /** No default: an absent value reaches the node as absent (the node decides). */
        public Builder noDefault() {
            this.defaultValue = JsonNodeFactory.instance.nullNode();
            return this;
        }

        public PropertySpec build() {
            return new PropertySpec(
                    name,
                    displayName,
                    type,
                    defaultValue,
                    required,
                    description,
                    placeholder,
                    options,
                    children,
                    showWhen,
                    hideWhen,
                    multipleValues,
                    noExpression,
                    typeOptions);
        }
    }
}
