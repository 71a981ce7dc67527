package io.hetumind.nodes.data.datetime;

import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.PropertySpec;
import java.util.ArrayList;
import java.util.List;

/** Date &amp; Time v2 form: n8n's Luxon-based operations and their parameters (shown for typeVersion 2). */
final class V2Properties {

    private static final String V = PropertySpec.VERSION;

    private V2Properties() {}

    private static PropertySpec.Builder on(PropertySpec.Builder b, String... operations) {
        return b.showWhen(V, 2).showWhen("operation", (Object[]) operations);
    }

    private static PropertySpec.Builder includeInputFields() {
        return PropertySpec.bool("includeInputFields")
                .displayName("Include Input Fields")
                .description("Whether to include all fields of the input item in the output item");
    }

    private static PropertySpec output(String op, String def) {
        return on(
                        PropertySpec.string("outputFieldName")
                                .displayName("Output Field Name")
                                .description("Name of the field to put the output in")
                                .defaultValue(def),
                        op)
                .build();
    }

    private static PropertySpec.Builder units(PropertySpec.Builder b, boolean plural) {
        for (String u : List.of("year", "quarter", "month", "week", "day", "hour", "minute", "second")) {
            String name = Character.toUpperCase(u.charAt(0)) + u.substring(1);
            b.option(plural ? u + "s" : u, plural ? name + "s" : name);
        }
        return b;
    }

    static List<PropertySpec> all() {
        List<PropertySpec> p = new ArrayList<>();
        p.add(PropertySpec.options("operation")
                .displayName("Operation")
                .option("addToDate", "Add to a Date")
                .option("extractDate", "Extract Part of a Date")
                .option("formatDate", "Format a Date")
                .option("getCurrentDate", "Get Current Date")
                .option("getTimeBetweenDates", "Get Time Between Dates")
                .option("roundDate", "Round a Date")
                .option("subtractFromDate", "Subtract From a Date")
                .defaultValue("getCurrentDate")
                .noExpression()
                .showWhen(V, 2)
                .build());
        p.add(on(
                        PropertySpec.bool("includeTime")
                                .displayName("Include Current Time")
                                .defaultValue(true),
                        "getCurrentDate")
                .build());
        p.add(output("getCurrentDate", "currentDate"));
        p.add(on(PropertySpec.collection("options").displayName("Options"), "getCurrentDate")
                .child(includeInputFields())
                .child(V1Properties.zones("timezone", "Timezone").description("Defaults to the workflow's time zone"))
                .build());
        for (String op : List.of("addToDate", "subtractFromDate")) {
            p.add(on(
                            PropertySpec.string("magnitude")
                                    .displayName(op.equals("addToDate") ? "Date to Add To" : "Date to Subtract From")
                                    .required(),
                            op)
                    .build());
        }
        p.add(on(
                        units(PropertySpec.options("timeUnit").displayName("Time Unit"), true)
                                .option("milliseconds", "Milliseconds")
                                .defaultValue("days"),
                        "addToDate",
                        "subtractFromDate")
                .build());
        p.add(on(PropertySpec.number("duration").displayName("Duration"), "addToDate", "subtractFromDate")
                .build());
        p.add(output("addToDate", "newDate"));
        p.add(output("subtractFromDate", "newDate"));
        p.add(on(PropertySpec.string("date").displayName("Date"), "formatDate", "roundDate", "extractDate")
                .build());
        p.add(on(
                        PropertySpec.options("format")
                                .displayName("Format")
                                .option("custom", "Custom Format")
                                .option("MM/dd/yyyy", "MM/DD/YYYY", "Example: 09/04/1986")
                                .option("yyyy/MM/dd", "YYYY/MM/DD", "Example: 1986/04/09")
                                .option("MMMM dd yyyy", "MMMM DD YYYY", "Example: April 09 1986")
                                .option("MM-dd-yyyy", "MM-DD-YYYY", "Example: 09-04-1986")
                                .option("yyyy-MM-dd", "YYYY-MM-DD", "Example: 1986-04-09")
                                .option("X", "Unix Timestamp", "Example: 1672531200")
                                .option("x", "Unix Ms Timestamp", "Example: 1674691200000")
                                .defaultValue("MM/dd/yyyy"),
                        "formatDate")
                .build());
        p.add(on(
                        PropertySpec.string("customFormat")
                                .displayName("Custom Format")
                                .placeholder("yyyy-MM-dd"),
                        "formatDate")
                .showWhen("format", "custom")
                .build());
        p.add(output("formatDate", "formattedDate"));
        p.add(on(PropertySpec.collection("options").displayName("Options"), "formatDate")
                .child(includeInputFields())
                .child(PropertySpec.string("fromFormat")
                        .displayName("From Date Format")
                        .description("Luxon tokens of the input date, when it is not recognized automatically"))
                .child(PropertySpec.bool("timezone")
                        .displayName("Use Workflow Timezone")
                        .description("Whether to use the workflow's time zone instead of the input's"))
                .build());
        p.add(on(
                        PropertySpec.options("mode")
                                .displayName("Mode")
                                .option("roundDown", "Round Down")
                                .option("roundUp", "Round Up")
                                .defaultValue("roundDown"),
                        "roundDate")
                .build());
        p.add(on(
                        units(PropertySpec.options("toNearest").displayName("To Nearest"), false)
                                .defaultValue("month"),
                        "roundDate")
                .showWhen("mode", "roundDown")
                .build());
        p.add(on(
                        units(PropertySpec.options("to").displayName("To"), false)
                                .option("endOfMonth", "End of Month")
                                .defaultValue("month"),
                        "roundDate")
                .showWhen("mode", "roundUp")
                .build());
        p.add(output("roundDate", "roundedDate"));
        p.add(on(PropertySpec.string("startDate").displayName("Start Date"), "getTimeBetweenDates")
                .build());
        p.add(on(PropertySpec.string("endDate").displayName("End Date"), "getTimeBetweenDates")
                .build());
        p.add(on(
                        units(PropertySpec.multiOptions("units").displayName("Units"), false)
                                .option("millisecond", "Millisecond")
                                .defaultValue(Json.array().add("day")),
                        "getTimeBetweenDates")
                .build());
        p.add(output("getTimeBetweenDates", "timeDifference"));
        p.add(on(PropertySpec.collection("options").displayName("Options"), "getTimeBetweenDates")
                .child(includeInputFields())
                .child(PropertySpec.bool("isoString")
                        .displayName("Output as ISO String")
                        .description("Whether to output the duration as an ISO 8601 string"))
                .build());
        p.add(on(
                        PropertySpec.options("part")
                                .displayName("Part")
                                .option("year", "Year")
                                .option("month", "Month")
                                .option("week", "Week")
                                .option("day", "Day")
                                .option("hour", "Hour")
                                .option("minute", "Minute")
                                .option("second", "Second")
                                .defaultValue("month"),
                        "extractDate")
                .build());
        p.add(output("extractDate", "datePart"));
        p.add(on(
                        PropertySpec.collection("options").displayName("Options"),
                        "addToDate",
                        "subtractFromDate",
                        "roundDate",
                        "extractDate")
                .child(includeInputFields())
                .build());
        return p;
    }
}
