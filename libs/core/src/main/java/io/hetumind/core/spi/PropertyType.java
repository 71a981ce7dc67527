package io.hetumind.core.spi;

/** The kinds of node property; the designer has one form component per kind. */
public enum PropertyType {
    STRING("string"),
    NUMBER("number"),
    BOOLEAN("boolean"),
    OPTIONS("options"),
    MULTI_OPTIONS("multiOptions"),
    /** A set of optional named sub-properties the user adds one by one. */
    COLLECTION("collection"),
    /** Named groups of sub-properties, each group possibly repeated ({@code multipleValues}). */
    FIXED_COLLECTION("fixedCollection"),
    /**
     * n8n's condition builder: {@code {conditions: [{id, leftValue, rightValue, operator: {type,
     * operation, singleValue}}], combinator, options}}; its children describe that shape and the
     * operations of each operand type.
     */
    FILTER("filter"),
    /**
     * A reference to a thing in another system (a table, a workflow): text, or
     * {@code {__rl: true, mode, value}} where mode is one of {@link TypeOptions#MODES}; the
     * {@code list} mode picks from the property's option loader.
     */
    RESOURCE_LOCATOR("resourceLocator"),
    JSON("json"),
    CODE("code"),
    CREDENTIAL("credential"),
    DATE_TIME("dateTime");

    private final String wire;

    PropertyType(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
