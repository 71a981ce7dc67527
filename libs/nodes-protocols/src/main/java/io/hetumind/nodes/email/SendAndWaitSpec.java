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
                .defaultValue("[\n  {\n    \"fieldLabel\": \"Name\",\n    \"requiredField\": true\n  }\n]\n")
                .rows(5)
                .showWhen("responseType", "customForm")
                .showWhen("defineForm", "json"));
        all.add(PropertySpec.fixedCollection("formFields")
                .displayName("Form Elements")
                .placeholder("Add Form Element")
                .defaultValue(Map.of())
                .multipleValues()
                .child(PropertySpec.collection("values")
                        .displayName("Values")
                        .child(PropertySpec.string("fieldLabel")
                                .displayName("Field Name")
                                .defaultValue("")
                                .required())
                        .child(PropertySpec.options("fieldType")
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
                                .defaultValue("text"))
                        .child(PropertySpec.string("placeholder")
                                .displayName("Placeholder")
                                .defaultValue(""))
                        .child(PropertySpec.bool("requiredField")
                                .displayName("Required Field")
                                .defaultValue(false)))
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
                        Map.of("limitType", "afterTimeInterval", "resumeAmount", 45, "resumeUnit", "minutes")))
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
