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
