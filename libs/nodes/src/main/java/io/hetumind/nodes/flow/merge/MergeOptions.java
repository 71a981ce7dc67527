package io.hetumind.nodes.flow.merge;

import io.hetumind.core.spi.PropertySpec;

/** The Merge {@code options} collection. */
final class MergeOptions {

    private MergeOptions() {}

    static PropertySpec spec() {
        return PropertySpec.collection("options")
                .displayName("Options")
                .child(PropertySpec.fixedCollection("clashHandling")
                        .displayName("Clash Handling")
                        .description("{values: {resolveClash: preferInput1|preferInput2|addSuffix, mergeMode:"
                                + " deepMerge|shallowMerge, overrideEmpty}}"))
                .child(PropertySpec.bool("disableDotNotation")
                        .displayName("Disable Dot Notation")
                        .description("Treat 'a.b' as one field name instead of a path"))
                .child(PropertySpec.bool("fuzzyCompare")
                        .displayName("Fuzzy Compare")
                        .description("Tolerate type differences when matching, e.g. '3' equals 3"))
                .child(PropertySpec.bool("includeUnpaired")
                        .displayName("Include Any Unpaired Items")
                        .description("Combine by position: keep items without a partner"))
                .child(PropertySpec.options("multipleMatches")
                        .displayName("Multiple Matches")
                        .option("all", "Include All Matches")
                        .option("first", "Include First Match Only")
                        .defaultValue("all"))
                .build();
    }
}
