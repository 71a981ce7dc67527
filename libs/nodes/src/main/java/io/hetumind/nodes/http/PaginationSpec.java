package io.hetumind.nodes.http;

import io.hetumind.core.spi.PropertySpec;

/** The descriptor of {@code options.pagination} (n8n v4.1+ shape). */
final class PaginationSpec {

    private PaginationSpec() {}

    static PropertySpec spec() {
        return PropertySpec.fixedCollection("pagination")
                .displayName("Pagination")
                .child(PropertySpec.collection("pagination")
                        .displayName("Pagination")
                        .child(PropertySpec.options("paginationMode")
                                .displayName("Pagination Mode")
                                .option("off", "Off")
                                .option("updateAParameterInEachRequest", "Update a Parameter in Each Request")
                                .option("responseContainsNextURL", "Response Contains Next URL")
                                .defaultValue("updateAParameterInEachRequest"))
                        .child(PropertySpec.string("nextURL")
                                .displayName("Next URL")
                                .description("Expression over $response, e.g. {{ $response.body[\"next-page\"] }}")
                                .showWhen("paginationMode", "responseContainsNextURL"))
                        .child(PropertySpec.fixedCollection("parameters")
                                .displayName("Parameters")
                                .multipleValues()
                                .showWhen("paginationMode", "updateAParameterInEachRequest")
                                .child(PropertySpec.collection("parameters")
                                        .displayName("Parameter")
                                        .child(PropertySpec.options("type")
                                                .displayName("Type")
                                                .option("body", "Body")
                                                .option("headers", "Header")
                                                .option("qs", "Query")
                                                .defaultValue("qs"))
                                        .child(PropertySpec.string("name").displayName("Name"))
                                        .child(PropertySpec.string("value")
                                                .displayName("Value")
                                                .description("Expression over $response, $pageCount, $request"))))
                        .child(PropertySpec.options("paginationCompleteWhen")
                                .displayName("Pagination Complete When")
                                .option("responseIsEmpty", "Response Is Empty")
                                .option("receiveSpecificStatusCodes", "Receive Specific Status Codes")
                                .option("other", "Other")
                                .defaultValue("responseIsEmpty"))
                        .child(PropertySpec.string("statusCodesWhenComplete")
                                .displayName("Status Code(s) when Complete")
                                .description("Comma-separated")
                                .showWhen("paginationCompleteWhen", "receiveSpecificStatusCodes"))
                        .child(PropertySpec.string("completeExpression")
                                .displayName("Complete Expression")
                                .showWhen("paginationCompleteWhen", "other"))
                        .child(PropertySpec.bool("limitPagesFetched").displayName("Limit Pages Fetched"))
                        .child(PropertySpec.number("maxRequests")
                                .displayName("Max Pages")
                                .defaultValue(100)
                                .showWhen("limitPagesFetched", true))
                        .child(PropertySpec.number("requestInterval")
                                .displayName("Interval Between Requests (ms)")
                                .defaultValue(0)))
                .build();
    }
}
