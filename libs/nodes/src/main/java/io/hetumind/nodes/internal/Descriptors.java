package io.hetumind.nodes.internal;

import io.hetumind.core.spi.PropertySpec;
import java.util.List;

/** Property specs several node types share (n8n's filter parameter, legacy conditions, their options). */
public final class Descriptors {

    private Descriptors() {}

    /** Operand types of the filter and their operations (value, label). */
    private static final List<List<String>> OPERATIONS = List.of(
            List.of(
                    "string",
                    "exists:exists|notExists:does not exist|empty:is empty|notEmpty:is not empty|equals:is equal to"
                            + "|notEquals:is not equal to|contains:contains|notContains:does not contain"
                            + "|startsWith:starts with|notStartsWith:does not start with|endsWith:ends with"
                            + "|notEndsWith:does not end with|regex:matches regex|notRegex:does not match regex"),
            List.of(
                    "number",
                    "exists:exists|notExists:does not exist|empty:is empty|notEmpty:is not empty|equals:is equal to"
                            + "|notEquals:is not equal to|gt:is greater than|lt:is less than"
                            + "|gte:is greater than or equal to|lte:is less than or equal to"),
            List.of(
                    "dateTime",
                    "exists:exists|notExists:does not exist|empty:is empty|notEmpty:is not empty|equals:is equal to"
                            + "|notEquals:is not equal to|after:is after|before:is before"
                            + "|afterOrEquals:is after or equal to|beforeOrEquals:is before or equal to"),
            List.of(
                    "boolean",
                    "exists:exists|notExists:does not exist|empty:is empty|notEmpty:is not empty|true:is true"
                            + "|false:is false|equals:is equal to|notEquals:is not equal to"),
            List.of(
                    "array",
                    "exists:exists|notExists:does not exist|empty:is empty|notEmpty:is not empty|contains:contains"
                            + "|notContains:does not contain|lengthEquals:length equal to"
                            + "|lengthNotEquals:length not equal to|lengthGt:length greater than"
                            + "|lengthLt:length less than|lengthGte:length greater than or equal to"
                            + "|lengthLte:length less than or equal to"),
            List.of("object", "exists:exists|notExists:does not exist|empty:is empty|notEmpty:is not empty"));

    /**
     * n8n's filter parameter: {@code {conditions: [{id, leftValue, rightValue, operator: {type,
     * operation, singleValue}}], combinator: and|or, options: {caseSensitive, typeValidation}}}.
     */
    public static PropertySpec.Builder filter(String name) {
        return filter(name, 1);
    }

    /**
     * The filter parameter whose {@code options.version} defaults to {@code version}: what n8n's editor writes into a
     * new filter of the node version (1 before If/Filter 2.2 and Switch 3.2, 2 up to If/Filter 2.2 and Switch 3.3, 3
     * from If/Filter 2.3 and Switch 3.4). A filter that carries no version runs as version 1, as in n8n.
     */
    public static PropertySpec.Builder filter(String name, int version) {
        PropertySpec.Builder operator = PropertySpec.collection("operator")
                .displayName("Operator")
                .child(types("type").defaultValue("string"))
                .child(types("rightType").noDefault().description("Type of the right value, when it differs"))
                .child(PropertySpec.bool("singleValue")
                        .displayName("Single Value")
                        .description("The operation takes no right value"))
                .child(PropertySpec.string("name").displayName("Name").description("The designer's label"));
        for (List<String> t : OPERATIONS) {
            PropertySpec.Builder op = PropertySpec.options("operation")
                    .displayName("Operation")
                    .defaultValue(t.get(1).contains("|equals:") ? "equals" : first(t.get(1)))
                    .showWhen("type", t.get(0));
            for (String o : t.get(1).split("\\|")) {
                String[] vl = o.split(":", 2);
                op.option(vl[0], vl[1]);
            }
            operator.child(op);
        }
        PropertySpec.Builder condition = PropertySpec.collection("conditions")
                .displayName("Conditions")
                .multipleValues()
                .child(PropertySpec.string("id").displayName("Id").description("Stable id the designer assigns"))
                .child(PropertySpec.json("leftValue")
                        .displayName("Value 1")
                        .defaultValue("")
                        .description("Usually an expression; a fixed value of the operator's type otherwise"))
                .child(PropertySpec.json("rightValue")
                        .displayName("Value 2")
                        .defaultValue("")
                        .description("Not used by operations that take a single value"))
                .child(operator);
        return PropertySpec.filter(name)
                .displayName("Conditions")
                .description("Typed conditions combined with AND or OR")
                .child(condition)
                .child(PropertySpec.options("combinator")
                        .displayName("Combinator")
                        .option("and", "AND")
                        .option("or", "OR")
                        .defaultValue("and"))
                .child(PropertySpec.collection("options")
                        .displayName("Filter Options")
                        .child(PropertySpec.bool("caseSensitive")
                                .displayName("Case Sensitive")
                                .defaultValue(true))
                        .child(PropertySpec.options("typeValidation")
                                .displayName("Type Validation")
                                .option("strict", "Strict")
                                .option("loose", "Loose")
                                .defaultValue("strict"))
                        .child(PropertySpec.string("leftValue").displayName("Left Value"))
                        .child(PropertySpec.number("version")
                                .displayName("Filter Version")
                                .description("3: a blank string or empty array compared as a number is null, not 0;"
                                        + " 2 on: loose booleans parse 'false', '0', 'no'")
                                .defaultValue(version)));
    }

    private static String first(String ops) {
        return ops.substring(0, ops.indexOf(':'));
    }

    private static PropertySpec.Builder types(String name) {
        return PropertySpec.options(name)
                .displayName("Type")
                .option("string", "String")
                .option("number", "Number")
                .option("dateTime", "Date & Time")
                .option("boolean", "Boolean")
                .option("array", "Array")
                .option("object", "Object")
                .option("any", "Any");
    }

    /** Legacy (If v1, Filter v1) conditions: {@code {boolean|number|string|dateTime: [{value1, operation, value2}]}}. */
    public static PropertySpec.Builder legacyConditions(String name) {
        return PropertySpec.fixedCollection(name)
                .displayName("Conditions")
                .description("The conditions to check, per value type")
                .multipleValues()
                .addButtonText("Add Condition")
                .child(legacyGroup(
                        "boolean",
                        "Boolean",
                        PropertySpec.bool("value1"),
                        PropertySpec.bool("value2"),
                        "equal:Equal|notEqual:Not Equal",
                        "equal"))
                .child(legacyGroup(
                        "dateTime",
                        "Date & Time",
                        PropertySpec.dateTime("value1"),
                        PropertySpec.dateTime("value2"),
                        "after:Occurred after|before:Occurred before",
                        "after"))
                .child(legacyGroup(
                        "number",
                        "Number",
                        PropertySpec.number("value1"),
                        PropertySpec.number("value2"),
                        "smaller:Smaller|smallerEqual:Smaller or Equal|equal:Equal|notEqual:Not Equal|larger:Larger"
                                + "|largerEqual:Larger or Equal|isEmpty:Is Empty|isNotEmpty:Is Not Empty",
                        "smaller"))
                .child(legacyGroup(
                        "string",
                        "String",
                        PropertySpec.string("value1"),
                        PropertySpec.string("value2"),
                        "contains:Contains|notContains:Not Contains|endsWith:Ends With|notEndsWith:Not Ends With"
                                + "|equal:Equal|notEqual:Not Equal|regex:Regex Match|notRegex:Regex Not Match"
                                + "|startsWith:Starts With|notStartsWith:Not Starts With|isEmpty:Is Empty"
                                + "|isNotEmpty:Is Not Empty",
                        "equal"));
    }

    private static PropertySpec.Builder legacyGroup(
            String name, String label, PropertySpec.Builder v1, PropertySpec.Builder v2, String ops, String def) {
        PropertySpec.Builder op = PropertySpec.options("operation").displayName("Operation");
        for (String o : ops.split("\\|")) {
            String[] vl = o.split(":", 2);
            op.option(vl[0], vl[1]);
        }
        return PropertySpec.collection(name)
                .displayName(label)
                .child(v1.displayName("Value 1").description("The value to compare"))
                .child(op.defaultValue(def))
                .child(v2.displayName("Value 2")
                        .description("The value to compare with")
                        .hideWhen("operation", "isEmpty", "isNotEmpty"));
    }

    /** Loose type validation switch shown next to a filter. */
    public static PropertySpec.Builder looseTypeValidation() {
        return PropertySpec.bool("looseTypeValidation")
                .displayName("Convert types where required")
                .description("Convert values to the operator's type (e.g. '5' to 5) instead of failing");
    }
}
