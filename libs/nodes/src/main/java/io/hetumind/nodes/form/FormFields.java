package io.hetumind.nodes.form;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.spi.PropertySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A form's elements: n8n's {@code formFields} parameter ({@code {values: [{fieldLabel, fieldType, …}]}}) as the
 * designer edits it ({@link #property}) and as the form reads it ({@link #read}).
 */
final class FormFields {

    /** n8n's element types, in its order. */
    static final List<String> TYPES = List.of(
            "checkbox",
            "html",
            "date",
            "dropdown",
            "email",
            "file",
            "hiddenField",
            "number",
            "password",
            "radio",
            "text",
            "textarea");

    /** The HTML element's default text (n8n's placeholder comment). */
    static final String HTML_PLACEHOLDER = "<!-- Your custom HTML here --->\n\n\n";

    private FormFields() {}

    /**
     * One element of a form.
     *
     * @param label the label above the input ({@code fieldLabel}; a hidden field's is its name)
     * @param name the Field Name ({@code fieldName}), or empty
     * @param type one of {@link #TYPES}
     * @param options the labels of a dropdown's, checkboxes' or radio buttons' options
     * @param html a Custom HTML element's HTML
     * @param elementName the output field of a Custom HTML element, or empty
     */
    record Field(
            String label,
            String name,
            String type,
            boolean required,
            String placeholder,
            String defaultValue,
            List<String> options,
            boolean multiselect,
            String limitSelection,
            int numberOfSelections,
            int minSelections,
            int maxSelections,
            String html,
            String elementName,
            boolean multipleFiles,
            String acceptFileTypes,
            String fieldValue) {

        Field {
            options = List.copyOf(options);
        }

        /**
         * The key of the element's value in the submitted item: from version 2.4 its Field Name when it has one, else
         * its label, else its name (n8n's {@code getFieldIdentifier}).
         */
        String key(double version) {
            if (FormTriggerDescriptor.namesByFieldName(version) && !name.isEmpty()) {
                return name;
            }
            return label != null ? label : name;
        }

        /** Whether several options may be chosen (checkboxes, the legacy multiple-choice dropdown) or one (radio). */
        boolean choices() {
            return multiselect || type.equals("checkbox") || type.equals("radio");
        }
    }

    /** The elements of {@code parameters.formFields}, in order. */
    static List<Field> read(JsonNode parameters) {
        List<Field> out = new ArrayList<>();
        JsonNode values = parameters.path("formFields").path("values");
        if (!values.isArray()) {
            return out;
        }
        for (JsonNode v : values) {
            String type = text(v, "fieldType", "text");
            List<String> options = new ArrayList<>();
            for (JsonNode o : v.path("fieldOptions").path("values")) {
                options.add(o.path("option").asText(""));
            }
            // n8n leaves a label out of a hidden field's settings: the field goes by its name
            String label = v.hasNonNull("fieldLabel") ? v.path("fieldLabel").asText() : null;
            out.add(new Field(
                    label,
                    text(v, "fieldName", ""),
                    type,
                    v.path("requiredField").asBoolean(false),
                    text(v, "placeholder", ""),
                    text(v, "defaultValue", ""),
                    options,
                    v.path("multiselect").asBoolean(false),
                    text(v, "limitSelection", "unlimited"),
                    v.path("numberOfSelections").asInt(1),
                    v.path("minSelections").asInt(0),
                    v.path("maxSelections").asInt(1),
                    text(v, "html", HTML_PLACEHOLDER),
                    text(v, "elementName", ""),
                    v.path("multipleFiles").asBoolean(true),
                    text(v, "acceptFileTypes", ""),
                    text(v, "fieldValue", "")));
        }
        return out;
    }

    private static String text(JsonNode v, String name, String fallback) {
        JsonNode n = v.get(name);
        return n == null || n.isNull() ? fallback : n.asText();
    }

    /**
     * The designer's form of the elements as n8n 2.8 declares them, for a node of {@code versions} (the Form Trigger's,
     * or the Wait's: n8n's version conditions — Field Name from 2.4 and so on — hold for the node's own version).
     */
    static PropertySpec.Builder property(double... versions) {
        PropertySpec.Builder values =
                PropertySpec.collection("values").displayName("Values").multipleValues();
        Object[] is24 = where(versions, v -> v == 2.4);
        Object[] from24 = where(versions, v -> v >= 2.4);
        Object[] before24 = where(versions, v -> v < 2.4);
        Object[] from25 = where(versions, v -> v >= 2.5);
        Object[] before23 = where(versions, v -> v < 2.3);
        if (is24.length > 0) {
            values.child(PropertySpec.string("fieldName")
                    .displayName("Field Name")
                    .required()
                    .description("The name of the field, used in input attributes and referenced by the workflow")
                    .hideWhen("fieldType", "html")
                    .showWhen(PropertySpec.VERSION, is24));
        }
        if (from24.length > 0) {
            values.child(PropertySpec.string("fieldLabel")
                    .displayName("Label")
                    .placeholder("e.g. What is your name?")
                    .required()
                    .description("Label that appears above the input field")
                    .hideWhen("fieldType", "hiddenField", "html")
                    .showWhen(PropertySpec.VERSION, from24));
        }
        if (before24.length > 0) {
            values.child(PropertySpec.string("fieldLabel")
                            .displayName("Field Name")
                            .placeholder("e.g. What is your name?")
                            .required()
                            .description("Label that appears above the input field")
                            .hideWhen("fieldType", "hiddenField", "html")
                            .showWhen(PropertySpec.VERSION, before24))
                    .child(PropertySpec.string("fieldName")
                            .displayName("Field Name")
                            .description("The name of the field, used in input attributes and referenced by the"
                                    + " workflow")
                            .showWhen("fieldType", "hiddenField")
                            .showWhen(PropertySpec.VERSION, before24));
        }
        values.child(type())
                .child(PropertySpec.string("elementName")
                        .displayName("Element Name")
                        .placeholder("e.g. content-section")
                        .description("Optional: the output field that takes the element's HTML")
                        .showWhen("fieldType", "html"));
        if (from25.length > 0) {
            values.child(PropertySpec.string("fieldName")
                    .displayName("Custom Field Name")
                    .description("The name of the field, used in input attributes and referenced by the workflow")
                    .hideWhen("fieldType", "html")
                    .showWhen(PropertySpec.VERSION, from25));
        }
        values.child(PropertySpec.string("placeholder")
                        .displayName("Placeholder")
                        .description("Sample text to display inside the field")
                        .hideWhen("fieldType", "dropdown", "date", "file", "html", "hiddenField", "radio", "checkbox"))
                .child(PropertySpec.string("defaultValue")
                        .displayName("Default Value")
                        .description("Default value that will be pre-filled in the form field")
                        .showWhen("fieldType", "text", "number", "email", "textarea"))
                .child(PropertySpec.dateTime("defaultValue")
                        .displayName("Default Value")
                        .typeOption("dateOnly", true)
                        .description("Default date pre-filled in the form field (YYYY-MM-DD)")
                        .showWhen("fieldType", "date"))
                .child(PropertySpec.string("defaultValue")
                        .displayName("Default Value")
                        .description("Default value that will be pre-selected. Must match one of the option labels.")
                        .showWhen("fieldType", "dropdown", "radio"))
                .child(PropertySpec.string("defaultValue")
                        .displayName("Default Value")
                        .description("Default value(s) that will be pre-selected. Must match one or more of the"
                                + " option labels, separated by commas.")
                        .showWhen("fieldType", "checkbox"))
                .child(PropertySpec.string("fieldValue")
                        .displayName("Field Value")
                        .description("The value sent; empty: the query parameter named by Field Name")
                        .showWhen("fieldType", "hiddenField"))
                .child(options("Field Options", "Option", "Add Field Option", "dropdown"))
                .child(options("Checkboxes", "Checkbox Label", "Add Checkbox", "checkbox"))
                .child(options("Radio Buttons", "Radio Button Label", "Add Radio Button", "radio"));
        if (before23.length > 0) {
            values.child(PropertySpec.bool("multiselect")
                    .displayName("Multiple Choice")
                    .description("Whether to allow the user to select multiple options from the dropdown list"
                            + " (legacy: use Checkboxes)")
                    .showWhen("fieldType", "dropdown")
                    .showWhen(PropertySpec.VERSION, before23));
        }
        values.child(PropertySpec.options("limitSelection")
                        .displayName("Limit Selection")
                        .option("exact", "Exact Number")
                        .option("range", "Range")
                        .option("unlimited", "Unlimited")
                        .defaultValue("unlimited")
                        .showWhen("fieldType", "checkbox"))
                .child(PropertySpec.number("numberOfSelections")
                        .displayName("Number of Selections")
                        .defaultValue(1)
                        .minValue(1)
                        .typeOption("numberPrecision", 0)
                        .showWhen("fieldType", "checkbox")
                        .showWhen("limitSelection", "exact"))
                .child(PropertySpec.number("minSelections")
                        .displayName("Minimum Selections")
                        .defaultValue(0)
                        .minValue(0)
                        .typeOption("numberPrecision", 0)
                        .showWhen("fieldType", "checkbox")
                        .showWhen("limitSelection", "range"))
                .child(PropertySpec.number("maxSelections")
                        .displayName("Maximum Selections")
                        .defaultValue(1)
                        .minValue(1)
                        .typeOption("numberPrecision", 0)
                        .showWhen("fieldType", "checkbox")
                        .showWhen("limitSelection", "range"))
                .child(PropertySpec.string("html")
                        .displayName("HTML")
                        .defaultValue(HTML_PLACEHOLDER)
                        .editor("html")
                        .noExpression()
                        .description("HTML elements to display on the form page (scripts, styles and inputs are"
                                + " removed)")
                        .showWhen("fieldType", "html"))
                .child(PropertySpec.bool("multipleFiles")
                        .displayName("Multiple Files")
                        .defaultValue(true)
                        .description("Whether to allow the user to select multiple files from the file input or just"
                                + " one")
                        .showWhen("fieldType", "file"))
                .child(PropertySpec.string("acceptFileTypes")
                        .displayName("Accepted File Types")
                        .placeholder("e.g. .jpg, .png")
                        .description("Comma-separated list of allowed file extensions; empty: all")
                        .showWhen("fieldType", "file"))
                .child(PropertySpec.bool("requiredField")
                        .displayName("Required Field")
                        .description("Whether to require the user to enter a value for this field before submitting"
                                + " the form")
                        .hideWhen("fieldType", "html", "hiddenField"));
        return PropertySpec.fixedCollection("formFields")
                .displayName("Form Elements")
                .placeholder("Add Form Element")
                .typeOption("sortable", true)
                .child(values);
    }

    private static Object[] where(double[] versions, java.util.function.DoublePredicate test) {
        // whole versions as integers, as descriptors write them elsewhere (1, not 1.0)
        return java.util.Arrays.stream(versions)
                .filter(test)
                .mapToObj(v -> v == Math.rint(v) ? (Object) (int) v : (Object) v)
                .toArray();
    }

    private static PropertySpec.Builder type() {
        PropertySpec.Builder b = PropertySpec.options("fieldType")
                .displayName("Element Type")
                .required()
                .description("The type of field to add to the form");
        Map<String, String> labels = Map.ofEntries(
                Map.entry("checkbox", "Checkboxes"),
                Map.entry("html", "Custom HTML"),
                Map.entry("date", "Date"),
                Map.entry("dropdown", "Dropdown"),
                Map.entry("email", "Email"),
                Map.entry("file", "File"),
                Map.entry("hiddenField", "Hidden Field"),
                Map.entry("number", "Number"),
                Map.entry("password", "Password"),
                Map.entry("radio", "Radio Buttons"),
                Map.entry("text", "Text Input"),
                Map.entry("textarea", "Textarea"));
        TYPES.forEach(t -> b.option(t, labels.get(t)));
        return b.defaultValue("text");
    }

    private static PropertySpec.Builder options(String title, String label, String add, String type) {
        return PropertySpec.fixedCollection("fieldOptions")
                .displayName(title)
                .placeholder(add)
                .required()
                .defaultValue(Map.of("values", List.of(Map.of("option", ""))))
                .typeOption("sortable", true)
                .showWhen("fieldType", type)
                .child(PropertySpec.collection("values")
                        .displayName("Values")
                        .multipleValues()
                        .child(PropertySpec.string("option").displayName(label)));
    }
}
