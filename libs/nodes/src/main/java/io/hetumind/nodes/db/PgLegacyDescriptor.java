package io.hetumind.nodes.db;

import io.hetumind.core.spi.PropertySpec;
import java.util.List;

/** The Postgres v1 properties (n8n's legacy node), shown only for that version. */
final class PgLegacyDescriptor {

    private static final Object[] WRITE = {"insert", "update"};

    private PgLegacyDescriptor() {}

    static List<PropertySpec.Builder> properties() {
        return List.of(
                PropertySpec.options("operation")
                        .displayName("Operation")
                        .option("executeQuery", "Execute Query")
                        .option("insert", "Insert")
                        .option("update", "Update")
                        .defaultValue("insert")
                        .showWhen(PropertySpec.VERSION, 1),
                PropertySpec.string("schema")
                        .displayName("Schema")
                        .defaultValue("public")
                        .showWhen("operation", WRITE)
                        .showWhen(PropertySpec.VERSION, 1),
                PropertySpec.string("table")
                        .displayName("Table")
                        .required()
                        .showWhen("operation", WRITE)
                        .showWhen(PropertySpec.VERSION, 1),
                PropertySpec.string("columns")
                        .displayName("Columns")
                        .placeholder("id:int,name:text,description")
                        .description("Comma-separated item fields to write, each optionally cast (id:int)")
                        .showWhen("operation", WRITE)
                        .showWhen(PropertySpec.VERSION, 1),
                PropertySpec.string("updateKey")
                        .displayName("Update Key")
                        .defaultValue("id")
                        .required()
                        .description("Comma-separated columns that pick the rows to update")
                        .showWhen("operation", "update")
                        .showWhen(PropertySpec.VERSION, 1),
                PropertySpec.string("returnFields")
                        .displayName("Return Fields")
                        .defaultValue("*")
                        .description("Comma-separated columns to return")
                        .showWhen("operation", WRITE)
                        .showWhen(PropertySpec.VERSION, 1),
                PropertySpec.collection("additionalFields")
                        .displayName("Additional Fields")
                        .child(PropertySpec.options("mode")
                                .displayName("Mode")
                                .option("independently", "Independently", "Execute each query independently")
                                .option("multiple", "Multiple Queries", "All items' queries at once")
                                .option("transaction", "Transaction", "All queries in a single transaction")
                                .defaultValue("multiple"))
                        .child(PropertySpec.options("largeNumbersOutput")
                                .displayName("Output Large-Format Numbers As")
                                .option("numbers", "Numbers")
                                .option("text", "Text")
                                .defaultValue("text"))
                        .child(PropertySpec.string("queryParams")
                                .displayName("Query Parameters")
                                .placeholder("quantity,price")
                                .description("Comma-separated item fields whose values are $1, $2 …")
                                .showWhen("/operation", "executeQuery"))
                        .showWhen(PropertySpec.VERSION, 1));
    }
}
