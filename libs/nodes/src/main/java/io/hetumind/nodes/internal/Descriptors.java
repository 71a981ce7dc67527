package io.hetumind.nodes.internal;

import io.hetumind.core.spi.PropertySpec;

/** Property specs several node types share (n8n's filter parameter, its options). */
public final class Descriptors {

    private Descriptors() {}

    /** n8n's filter parameter: {@code {conditions: [...], combinator: and|or, options: {...}}}. */
    public static PropertySpec.Builder filter(String name) {
        return PropertySpec.fixedCollection(name)
                .displayName("Conditions")
                .description("Typed conditions {conditions: [{leftValue, rightValue, operator: {type, operation}}],"
                        + " combinator: and|or, options: {caseSensitive, typeValidation}}; operator types: string,"
                        + " number, dateTime, boolean, array, object");
    }

    /** Loose type validation switch shown next to a filter. */
    public static PropertySpec.Builder looseTypeValidation() {
        return PropertySpec.bool("looseTypeValidation")
                .displayName("Convert types where required")
                .description("Convert values to the operator's type (e.g. '5' to 5) instead of failing");
    }
}
