package io.hetumind.nodes.email;

import io.hetumind.core.spi.PropertySpec;
import io.hetumind.core.spi.TypeOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The properties of Send Email's "Send and Wait for Response" (v2, v2.1) as n8n 2.8.4 declares them, each shown for
 * {@code resource: email, operation: sendAndWait}, so n8n exports import with the same names, defaults and rules.
 */
final class SendAndWaitSpec {

    /** n8n's example definition of a form in JSON (the default of {@code jsonOutput}). */
    static final String JSON_FORM_EXAMPLE =
            "[\n  {\n    \"fieldLabel\": \"Name\",\n    \"placeholder\": \"enter your name\",\n"
                    + "    \"requiredField\": true\n  },\n  {\n    \"fieldLabel\": \"Age\",\n    \"fieldType\": \"number\",\n"
                    + "    \"placeholder\": \"enter your age\"\n  },\n  {\n    \"fieldLabel\": \"Email\",\n"
                    + "    \"fieldType\": \"email\",\n    \"requiredField\": true\n  },\n  {\n    \"fieldLabel\": \"Textarea\",\n"
                    + "    \"fieldType\": \"textarea\"\n  },\n  {\n    \"fieldLabel\": \"Dropdown Options\",\n"
                    + "    \"fieldType\": \"dropdown\",\n    \"fieldOptions\": {\n      \"values\": [\n        {\n"
                    + "          \"option\": \"option 1\"\n        },\n        {\n          \"option\": \"option 2\"\n"
                    + "        }\n      ]\n    },\n    \"requiredField\": true\n  },\n  {\n    \"fieldLabel\": \"Checkboxes\",\n"
                    + "    \"fieldType\": \"checkbox\",\n    \"fieldOptions\": {\n      \"values\": [\n        {\n"
                    + "          \"option\": \"option 1\"\n        },\n        {\n          \"option\": \"option 2\"\n"
                    + "        }\n      ]\n    }\n  },\n  {\n    \"fieldLabel\": \"Radio\",\n    \"fieldType\": \"radio\",\n"
                    + "    \"fieldOptions\": {\n      \"values\": [\n        {\n          \"option\": \"option 1\"\n"
                    + "        },\n        {\n          \"option\": \"option 2\"\n        }\n      ]\n    }\n  },\n  {\n"
                    + "    \"fieldLabel\": \"Email\",\n    \"fieldType\": \"email\",\n    \"placeholder\": \"me@mail.con\"\n"
                    + "  },\n  {\n    \"fieldLabel\": \"File\",\n    \"fieldType\": \"file\",\n    \"multipleFiles\": true,\n"
                    + "    \"acceptFileTypes\": \".jpg, .png\"\n  },\n  {\n    \"fieldLabel\": \"Number\",\n"
                    + "    \"fieldType\": \"number\"\n  },\n  {\n    \"fieldLabel\": \"Password\",\n"
                    + "    \"fieldType\": \"password\"\n  }\n]\n";

    private SendAndWaitSpec() {}

    static List<PropertySpec> properties() {
        List<PropertySpec.Builder> all = new ArrayList<>();
        all.add(PropertySpec.string("subject")
                .displayName("Subject")
                .defaultValue("")
                .required()
                .placeholder("e.g. Approval required"));
        all.add(PropertySpec.string("message")
                .displayName("Message")
                .defaultValue("")
                .required()
                .rows(4));
        all.add(PropertySpec.options("responseType")
                .displayName("Response Type")
                .option("approval", "Approval", "User can approve/disapprove from within the message")
                .option("freeText", "Free Text", "User can submit a response via a form")
                .option("customForm", "Custom Form", "User can submit a response via a custom form")
                .defaultValue("approval"));
        all.add(PropertySpec.options("defineForm")
                .displayName("Define Form")
                .option("fields", "Using Fields Below")
                .option("json", "Using JSON")
                .defaultValue("fields")
                .noExpression()
                .showWhen("responseType", "customForm"));
        all.add(PropertySpec.json("jsonOutput")
                .displayName("Form Fields")
                .defaultValue(JSON_FORM_EXAMPLE)
                .rows(5)
                .showWhen("responseType", "customForm")
                .showWhen("defineForm", "json"));
        all.add(PropertySpec.fixedCollection("formFields")
                .displayName("Form Elements")
                .placeholder("Add Form Element")
                .defaultValue(Map.of())
                .multipleValues()
                .typeOption("sortable", true)
                .child(formElement())
                .showWhen("responseType", "customForm")
                .showWhen("defineForm", "fields"));
        all.add(PropertySpec.fixedCollection("approvalOptions")
                .displayName("Approval Options")
                .placeholder("Add option")
                .defaultValue(Map.of())
                .child(PropertySpec.collection("values")
                        .displayName("Values")
                        .child(PropertySpec.options("approvalType")
                                .displayName("Type of Approval")
                                .option("single", "Approve Only")
                                .option("double", "Approve and Disapprove")
                                .defaultValue("single"))
                        .child(PropertySpec.string("approveLabel")
                                .displayName("Approve Button Label")
                                .defaultValue("Approve")
                                .showWhen("approvalType", "single", "double"))
                        .child(buttonStyle("buttonApprovalStyle", "Approve Button Style", "primary")
                                .showWhen("approvalType", "single", "double"))
                        .child(PropertySpec.string("disapproveLabel")
                                .displayName("Disapprove Button Label")
                                .defaultValue("Decline")
                                .showWhen("approvalType", "double"))
                        .child(buttonStyle("buttonDisapprovalStyle", "Disapprove Button Style", "secondary")
                                .showWhen("approvalType", "double")))
                .showWhen("responseType", "approval"));
        all.add(PropertySpec.collection("options")
                .displayName("Options")
                .placeholder("Add option")
                .child(limitWaitTime())
                .child(appendAttribution())
                .showWhen("responseType", "approval"));
        all.add(PropertySpec.collection("options")
                .displayName("Options")
                .placeholder("Add option")
                .child(PropertySpec.string("messageButtonLabel")
                        .displayName("Message Button Label")
                        .defaultValue("Respond"))
                .child(PropertySpec.string("responseFormTitle")
                        .displayName("Response Form Title")
                        .defaultValue("")
                        .description("Title of the form that the user can access to provide their response"))
                .child(PropertySpec.string("responseFormDescription")
                        .displayName("Response Form Description")
                        .defaultValue("")
                        .description("Description of the form that the user can access to provide their response"))
                .child(PropertySpec.string("responseFormButtonLabel")
                        .displayName("Response Form Button Label")
                        .defaultValue("Submit"))
                .child(PropertySpec.string("responseFormCustomCss")
                        .displayName("Response Form Custom Styling")
                        .defaultValue("")
                        .rows(10)
                        .editor("css")
                        .description("Override default styling of the response form with CSS"))
                .child(limitWaitTime())
                .child(appendAttribution())
                .showWhen("responseType", "freeText", "customForm"));
        List<PropertySpec> out = new ArrayList<>();
        for (PropertySpec.Builder b : all) {
            out.add(b.showWhen("resource", "email")
                    .showWhen("operation", SendAndWait.OPERATION)
                    .hideWhen(PropertySpec.VERSION, 1)
                    .build());
        }
        return out;
    }

    /**
     * One element of n8n's Form Elements as its Send Email versions (2, 2.1) see it: n8n's rules for form versions
     * below 2.3/2.4 apply (the label is "Field Name", a hidden field names itself, the legacy multiselect dropdown).
     * n8n's two notices (the legacy multiselect one, the date one) are display text only and left out.
     */
    private static PropertySpec.Builder formElement() {
        return PropertySpec.collection("values")
                .displayName("Values")
                .child(PropertySpec.string("fieldLabel")
                        .displayName("Field Name")
                        .defaultValue("")
                        .placeholder("e.g. What is your name?")
                        .description("Label that appears above the input field")
                        .required()
                        .hideWhen("fieldType", "hiddenField", "html"))
                .child(PropertySpec.string("fieldName")
                        .displayName("Field Name")
                        .defaultValue("")
                        .description("The name of the field, used in input attributes and referenced by the workflow")
                        .showWhen("fieldType", "hiddenField"))
                .child(fieldType())
                .child(PropertySpec.string("elementName")
                        .displayName("Element Name")
                        .defaultValue("")
                        .placeholder("e.g. content-section")
                        .description("Optional field. It can be used to include the html in the output.")
                        .showWhen("fieldType", "html"))
                .child(PropertySpec.string("placeholder")
                        .displayName("Placeholder")
                        .defaultValue("")
                        .description("Sample text to display inside the field")
                        .hideWhen("fieldType", "dropdown", "date", "file", "html", "hiddenField", "radio", "checkbox"))
                .child(PropertySpec.string("defaultValue")
                        .displayName("Default Value")
                        .defaultValue("")
                        .description("Default value that will be pre-filled in the form field")
                        .showWhen("fieldType", "text", "number", "email", "textarea"))
                .child(PropertySpec.dateTime("defaultValue")
                        .displayName("Default Value")
                        .defaultValue("")
                        .typeOption("dateOnly", true)
                        .description(
                                "Default date value that will be pre-filled in the form field (format: YYYY-MM-DD)")
                        .showWhen("fieldType", "date"))
                .child(PropertySpec.string("defaultValue")
                        .displayName("Default Value")
                        .defaultValue("")
                        .description("Default value that will be pre-selected. Must match one of the option labels.")
                        .showWhen("fieldType", "dropdown", "radio"))
                .child(PropertySpec.string("defaultValue")
                        .displayName("Default Value")
                        .defaultValue("")
                        .description("Default value(s) that will be pre-selected. Must match one or multiple of the"
                                + " option labels. Separate multiple pre-selected options with a comma.")
                        .showWhen("fieldType", "checkbox"))
                .child(PropertySpec.string("fieldValue")
                        .displayName("Field Value")
                        .defaultValue("")
                        .description("Input value can be set here or will be passed as a query parameter via Field"
                                + " Name if no value is set")
                        .showWhen("fieldType", "hiddenField"))
                .child(fieldOptions(
                                "Field Options",
                                "Add Field Option",
                                "Option",
                                "List of options that can be selected from the dropdown")
                        .showWhen("fieldType", "dropdown"))
                .child(fieldOptions("Checkboxes", "Add Checkbox", "Checkbox Label", null)
                        .showWhen("fieldType", "checkbox"))
                .child(fieldOptions("Radio Buttons", "Add Radio Button", "Radio Button Label", null)
                        .showWhen("fieldType", "radio"))
                .child(PropertySpec.bool("multiselect")
                        .displayName("Multiple Choice")
                        .defaultValue(false)
                        .description("Whether to allow the user to select multiple options from the dropdown list")
                        .showWhen("fieldType", "dropdown"))
                .child(PropertySpec.options("limitSelection")
                        .displayName("Limit Selection")
                        .option("exact", "Exact Number")
                        .option("range", "Range")
                        .option("unlimited", "Unlimited")
                        .defaultValue("unlimited")
                        .showWhen("fieldType", "checkbox"))
                .child(selections("numberOfSelections", "Number of Selections", 1, 1)
                        .showWhen("fieldType", "checkbox")
                        .showWhen("limitSelection", "exact"))
                .child(selections("minSelections", "Minimum Selections", 0, 0)
                        .showWhen("fieldType", "checkbox")
                        .showWhen("limitSelection", "range"))
                .child(selections("maxSelections", "Maximum Selections", 1, 1)
                        .showWhen("fieldType", "checkbox")
                        .showWhen("limitSelection", "range"))
                .child(PropertySpec.string("html")
                        .displayName("HTML")
                        .defaultValue("<!-- Your custom HTML here --->\n\n\n")
                        .editor("html")
                        .noExpression()
                        .description("HTML elements to display on the form page")
                        .showWhen("fieldType", "html"))
                .child(PropertySpec.bool("multipleFiles")
                        .displayName("Multiple Files")
                        .defaultValue(true)
                        .description("Whether to allow the user to select multiple files from the file input or just"
                                + " one")
                        .showWhen("fieldType", "file"))
                .child(PropertySpec.string("acceptFileTypes")
                        .displayName("Accepted File Types")
                        .defaultValue("")
                        .placeholder("e.g. .jpg, .png")
                        .description("Comma-separated list of allowed file extensions")
                        .showWhen("fieldType", "file"))
                .child(PropertySpec.bool("requiredField")
                        .displayName("Required Field")
                        .defaultValue(false)
                        .description("Whether to require the user to enter a value for this field before submitting"
                                + " the form")
                        .hideWhen("fieldType", "html", "hiddenField"));
    }

    private static PropertySpec.Builder fieldType() {
        return PropertySpec.options("fieldType")
                .displayName("Element Type")
                .option("checkbox", "Checkboxes")
                .option("html", "Custom HTML")
                .option("date", "Date")
                .option("dropdown", "Dropdown")
                .option("email", "Email")
                .option("file", "File")
                .option("hiddenField", "Hidden Field")
                .option("number", "Number")
                .option("password", "Password")
                .option("radio", "Radio Buttons")
                .option("text", "Text Input")
                .option("textarea", "Textarea")
                .defaultValue("text")
                .required()
                .description("The type of field to add to the form");
    }

    private static PropertySpec.Builder fieldOptions(
            String label, String placeholder, String optionLabel, String description) {
        PropertySpec.Builder b = PropertySpec.fixedCollection("fieldOptions")
                .displayName(label)
                .placeholder(placeholder)
                .defaultValue(Map.of("values", List.of(Map.of("option", ""))))
                .required()
                .multipleValues()
                .typeOption("sortable", true)
                .child(PropertySpec.collection("values")
                        .displayName("Values")
                        .child(PropertySpec.string("option")
                                .displayName(optionLabel)
                                .defaultValue("")));
        return description == null ? b : b.description(description);
    }

    private static PropertySpec.Builder selections(String name, String label, int defaultValue, int min) {
        return PropertySpec.number(name)
                .displayName(label)
                .defaultValue(defaultValue)
                .minValue(min)
                .typeOption(TypeOptions.NUMBER_PRECISION, 0);
    }

    private static PropertySpec.Builder buttonStyle(String name, String label, String defaultStyle) {
        return PropertySpec.options(name)
                .displayName(label)
                .option("primary", "Primary")
                .option("secondary", "Secondary")
                .defaultValue(defaultStyle);
    }

    private static PropertySpec.Builder limitWaitTime() {
        return PropertySpec.fixedCollection("limitWaitTime")
                .displayName("Limit Wait Time")
                .description(
                        "Whether to limit the time this node should wait for a user response before execution resumes")
                .defaultValue(Map.of(
                        "values",
                        // in n8n's order, the same in every descriptor listing (Map.of's order changes per JVM)
                        io.hetumind.core.spi.Json.object()
                                .put("limitType", "afterTimeInterval")
                                .put("resumeAmount", 45)
                                .put("resumeUnit", "minutes")))
                .child(PropertySpec.collection("values")
                        .displayName("Values")
                        .child(PropertySpec.options("limitType")
                                .displayName("Limit Type")
                                .option(
                                        "afterTimeInterval",
                                        "After Time Interval",
                                        "Waits for a certain amount of time")
                                .option(
                                        "atSpecifiedTime",
                                        "At Specified Time",
                                        "Waits until the set date and time to continue")
                                .defaultValue("afterTimeInterval")
                                .description("Sets the condition for the execution to resume. Can be a specified date"
                                        + " or after some time."))
                        .child(PropertySpec.number("resumeAmount")
                                .displayName("Amount")
                                .defaultValue(1)
                                .minValue(0)
                                .typeOption(TypeOptions.NUMBER_PRECISION, 2)
                                .description("The time to wait")
                                .showWhen("limitType", "afterTimeInterval"))
                        .child(PropertySpec.options("resumeUnit")
                                .displayName("Unit")
                                .option("minutes", "Minutes")
                                .option("hours", "Hours")
                                .option("days", "Days")
                                .defaultValue("hours")
                                .description("Unit of the interval value")
                                .showWhen("limitType", "afterTimeInterval"))
                        .child(PropertySpec.dateTime("maxDateAndTime")
                                .displayName("Max Date and Time")
                                .defaultValue("")
                                .description("Continue execution after the specified date and time")
                                .showWhen("limitType", "atSpecifiedTime")));
    }

    private static PropertySpec.Builder appendAttribution() {
        return PropertySpec.bool("appendAttribution")
                .displayName("Append n8n Attribution")
                .defaultValue(true)
                .description("Whether to include the phrase \u201cThis message was sent automatically with n8n\u201d"
                        + " to the end of the message");
    }
}
