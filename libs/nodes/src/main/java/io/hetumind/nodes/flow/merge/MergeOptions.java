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
                        .description("What to do when both inputs have a field of the same name")
                        .child(PropertySpec.collection("values")
                                .displayName("Values")
                                .child(PropertySpec.options("resolveClash")
                                        .displayName("When Field Values Clash")
                                        .option("preferInput1", "Always Add Input 1 Fields")
                                        .option("preferInput2", "Always Add Input 2 Fields")
                                        .option("preferLast", "Prefer the Last Input")
                                        .option("addSuffix", "Add Input Number Suffix to Field Names")
                                        .defaultValue("preferInput2"))
                                .child(PropertySpec.options("mergeMode")
                                        .displayName("Merging Nested Fields")
                                        .option("deepMerge", "Deep Merge")
                                        .option("shallowMerge", "Shallow Merge")
                                        .defaultValue("deepMerge")
                                        .hideWhen("resolveClash", "addSuffix"))
                                .child(PropertySpec.bool("overrideEmpty")
                                        .displayName("Minimize Empty Fields")
                                        .hideWhen("resolveClash", "addSuffix"))))
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
