package io.hetumind.nodes.data.datetime;

import io.hetumind.core.spi.PropertySpec;
import java.time.ZoneId;
import java.util.List;
import java.util.TreeSet;

/** Date &amp; Time v1 form: n8n's parameter names and shapes (shown only for typeVersion 1). */
final class V1Properties {

    private static final String V = PropertySpec.VERSION;

    private V1Properties() {}

    /** A time zone picker over every zone the JDK knows. */
    static PropertySpec.Builder zones(String name, String label) {
        PropertySpec.Builder b = PropertySpec.options(name).displayName(label).defaultValue("UTC");
        for (String z : new TreeSet<>(ZoneId.getAvailableZoneIds())) {
            b.option(z, z);
        }
        return b;
    }

    static List<PropertySpec> all() {
        PropertySpec.Builder presets = PropertySpec.options("toFormat")
                .displayName("To Format")
                .description("The format to convert the date to")
                .option("MM/DD/YYYY", "MM/DD/YYYY", "Example: 09/04/1986")
                .option("YYYY/MM/DD", "YYYY/MM/DD", "Example: 1986/04/09")
                .option("MMMM DD YYYY", "MMMM DD YYYY", "Example: April 09 1986")
                .option("MM-DD-YYYY", "MM-DD-YYYY", "Example: 09-04-1986")
                .option("YYYY-MM-DD", "YYYY-MM-DD", "Example: 1986-04-09")
                .option("X", "Unix Timestamp", "Example: 513388800.879")
                .option("x", "Unix Ms Timestamp", "Example: 513388800")
                .defaultValue("MM/DD/YYYY")
                .showWhen(V, 1)
                .showWhen("action", "format")
                .hideWhen("custom", true);
        PropertySpec.Builder timeUnit = PropertySpec.options("timeUnit")
                .displayName("Time Unit")
                .description("Time unit for the Duration parameter")
                .option("quarters", "Quarters")
                .option("years", "Years")
                .option("months", "Months")
                .option("weeks", "Weeks")
                .option("days", "Days")
                .option("hours", "Hours")
                .option("minutes", "Minutes")
                .option("seconds", "Seconds")
                .option("milliseconds", "Milliseconds")
                .defaultValue("days")
                .showWhen(V, 1)
                .showWhen("action", "calculate");
        return List.of(
                PropertySpec.options("action")
                        .displayName("Action")
                        .option("calculate", "Calculate a Date", "Add or subtract time from a date")
                        .option("format", "Format a Date", "Convert a date to a different format")
                        .defaultValue("format")
                        .showWhen(V, 1)
                        .build(),
                PropertySpec.string("value")
                        .displayName("Value")
                        .description("The value that should be converted or calculated")
                        .showWhen(V, 1)
                        .build(),
                PropertySpec.string("dataPropertyName")
                        .displayName("Property Name")
                        .description("Name of the property to which to write the converted date")
                        .defaultValue("data")
                        .required()
                        .showWhen(V, 1)
                        .build(),
                PropertySpec.bool("custom")
                        .displayName("Custom Format")
                        .description("Whether a predefined format should be selected or custom format entered")
                        .showWhen(V, 1)
                        .showWhen("action", "format")
                        .build(),
                presets.build(),
                PropertySpec.string("toFormat")
                        .displayName("To Format")
                        .description("The format to convert the date to (moment.js tokens)")
                        .placeholder("YYYY-MM-DD")
                        .showWhen(V, 1)
                        .showWhen("action", "format")
                        .showWhen("custom", true)
                        .build(),
                PropertySpec.options("operation")
                        .displayName("Operation")
                        .option("add", "Add", "Add time to Date Value")
                        .option("subtract", "Subtract", "Subtract time from Date Value")
                        .defaultValue("add")
                        .showWhen(V, 1)
                        .showWhen("action", "calculate")
                        .build(),
                PropertySpec.number("duration")
                        .displayName("Duration")
                        .description("E.g. enter “10” then select “Days” if you want to add 10 days to Date Value")
                        .showWhen(V, 1)
                        .showWhen("action", "calculate")
                        .build(),
                timeUnit.build(),
                PropertySpec.collection("options")
                        .displayName("Options")
                        .placeholder("Add Option")
                        .showWhen(V, 1)
                        .showWhen("action", "format")
                        .child(PropertySpec.string("fromFormat")
                                .displayName("From Format")
                                .description("In case the input format is not recognized (moment.js tokens)"))
                        .child(zones("fromTimezone", "From Timezone"))
                        .child(zones("toTimezone", "To Timezone"))
                        .build(),
                PropertySpec.collection("options")
                        .displayName("Options")
                        .placeholder("Add Option")
                        .showWhen(V, 1)
                        .showWhen("action", "calculate")
                        .child(PropertySpec.string("fromFormat")
                                .displayName("From Format")
                                .description("Format for parsing the value as a date (moment.js tokens, strict)"))
                        .build());
    }
}
