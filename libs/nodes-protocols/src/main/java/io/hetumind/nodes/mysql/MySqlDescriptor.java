package io.hetumind.nodes.mysql;

import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.PropertySpec;

/** The MySQL node's descriptor: n8n's v1 form and its v2 … v2.5 form (resource/operation shapes). */
final class MySqlDescriptor {

    static final double[] V2 = {2, 2.1, 2.2, 2.3, 2.4, 2.5};
    private static final Object[] V2_OBJ = {2, 2.1, 2.2, 2.3, 2.4, 2.5};
    private static final String[] TABLE_OPS = {"insert", "update", "upsert", "select", "deleteTable"};
    private static final String[] WRITE_OPS = {"insert", "update", "upsert"};

    private MySqlDescriptor() {}

    static NodeDescriptor build() {
        return NodeDescriptor.builder(MySqlNode.TYPE)
                .versions(1, 2, 2.1, 2.2, 2.3, 2.4, 2.5)
                .displayName("MySQL")
                .description("Get, add and update data in MySQL")
                .group(NodeGroup.DB)
                .icon("database")
                .alias("n8n-nodes-base.mySql")
                .credential("mySql", true)
                // ---- version 1
                .property(PropertySpec.options("operation")
                        .displayName("Operation")
                        .noExpression()
                        .option("executeQuery", "Execute Query", "Execute an SQL query")
                        .option("insert", "Insert", "Insert rows in database")
                        .option("update", "Update", "Update rows in database")
                        .defaultValue("insert")
                        .showWhen(PropertySpec.VERSION, 1))
                // ---- version 2.x
                .property(PropertySpec.options("resource")
                        .displayName("Resource")
                        .noExpression()
                        .option("database", "Database")
                        .defaultValue("database")
                        .showWhen(PropertySpec.VERSION, V2_OBJ))
                .property(PropertySpec.options("operation")
                        .displayName("Operation")
                        .noExpression()
                        .option("deleteTable", "Delete", "Delete an entire table or rows in a table")
                        .option("executeQuery", "Execute SQL", "Execute an SQL query")
                        .option("insert", "Insert", "Insert rows in a table")
                        .option("upsert", "Insert or Update", "Insert or update rows in a table")
                        .option("select", "Select", "Select rows from a table")
                        .option("update", "Update", "Update rows in a table")
                        .defaultValue("insert")
                        .showWhen(PropertySpec.VERSION, V2_OBJ))
                // ---- shared
                .property(PropertySpec.resourceLocator("table", "list", "name")
                        .displayName("Table")
                        .required()
                        .description("The table; `db.table` names another database, backticks quote a part")
                        .showWhen("operation", (Object[]) TABLE_OPS))
                .property(PropertySpec.code("query")
                        .editor("sql")
                        .rows(5)
                        .displayName("Query")
                        .defaultValue("")
                        .required()
                        .placeholder("e.g. SELECT id, name FROM product WHERE id < 40")
                        .description("The SQL query to execute. In version 2, $1, $2 … take the values of Query"
                                + " Parameters (options) and $1:name an identifier")
                        .showWhen("operation", "executeQuery"))
                // ---- version 1: insert / update
                .property(PropertySpec.string("columns")
                        .displayName("Columns")
                        .defaultValue("")
                        .placeholder("id,name,description")
                        .description("Comma-separated list of the properties which should used as columns (v1)")
                        .showWhen("operation", "insert", "update")
                        .showWhen(PropertySpec.VERSION, 1))
                .property(PropertySpec.string("updateKey")
                        .displayName("Update Key")
                        .defaultValue("id")
                        .required()
                        .description("Name of the property which decides which rows in the database should be"
                                + " updated (v1)")
                        .showWhen("operation", "update")
                        .showWhen(PropertySpec.VERSION, 1))
                // ---- version 2.x: delete, select
                .property(PropertySpec.options("deleteCommand")
                        .displayName("Command")
                        .option(
                                "truncate",
                                "Truncate",
                                "Only removes the table's data and preserves the table's structure")
                        .option("delete", "Delete", "Delete the rows that match the 'Select Rows' conditions")
                        .option("drop", "Drop", "Deletes the table's data and also the table's structure permanently")
                        .defaultValue("truncate")
                        .showWhen(PropertySpec.VERSION, V2_OBJ)
                        .showWhen("operation", "deleteTable"))
                .property(PropertySpec.bool("returnAll")
                        .displayName("Return All")
                        .defaultValue(false)
                        .description("Whether to return all results or only up to a given limit")
                        .showWhen(PropertySpec.VERSION, V2_OBJ)
                        .showWhen("operation", "select"))
                .property(PropertySpec.number("limit")
                        .displayName("Limit")
                        .defaultValue(50)
                        .minValue(1)
                        .description("Max number of results to return")
                        .showWhen("returnAll", false))
                .property(PropertySpec.fixedCollection("where")
                        .displayName("Select Rows")
                        .multipleValues()
                        .addButtonText("Add Condition")
                        .description("If not set, all rows will be selected")
                        .child(PropertySpec.collection("values")
                                .displayName("Values")
                                .child(PropertySpec.string("column")
                                        .displayName("Column")
                                        .defaultValue(""))
                                .child(PropertySpec.options("condition")
                                        .displayName("Operator")
                                        .option("equal", "Equal")
                                        .option("!=", "Not Equal")
                                        .option("LIKE", "Like")
                                        .option(">", "Greater Than")
                                        .option("<", "Less Than")
                                        .option(">=", "Greater Than Or Equal")
                                        .option("<=", "Less Than Or Equal")
                                        .option("IS NULL", "Is Null")
                                        .option("IS NOT NULL", "Is Not Null")
                                        .defaultValue("equal"))
                                .child(PropertySpec.string("value")
                                        .displayName("Value")
                                        .defaultValue("")
                                        .hideWhen("condition", "IS NULL", "IS NOT NULL")))
                        .showWhen("operation", "select", "deleteTable"))
                .property(PropertySpec.options("combineConditions")
                        .displayName("Combine Conditions")
                        .option("AND", "AND", "Only rows that meet all the conditions are selected")
                        .option("OR", "OR", "Rows that meet at least one condition are selected")
                        .defaultValue("AND")
                        .showWhen(PropertySpec.VERSION, V2_OBJ)
                        .showWhen("operation", "select", "deleteTable"))
                .property(PropertySpec.fixedCollection("sort")
                        .displayName("Sort")
                        .multipleValues()
                        .addButtonText("Add Sort Rule")
                        .child(PropertySpec.collection("values")
                                .displayName("Values")
                                .child(PropertySpec.string("column")
                                        .displayName("Column")
                                        .defaultValue(""))
                                .child(PropertySpec.options("direction")
                                        .displayName("Direction")
                                        .option("ASC", "ASC")
                                        .option("DESC", "DESC")
                                        .defaultValue("ASC")))
                        .showWhen("operation", "select"))
                // ---- version 2.x: insert, update, upsert
                .property(PropertySpec.options("dataMode")
                        .displayName("Data Mode")
                        .option(
                                "autoMapInputData",
                                "Auto-Map Input Data to Columns",
                                "Use when node input properties names exactly match the table column names")
                        .option(
                                "defineBelow",
                                "Map Each Column Manually",
                                "Set the value for each destination column manually")
                        .defaultValue("autoMapInputData")
                        .showWhen(PropertySpec.VERSION, V2_OBJ)
                        .showWhen("operation", (Object[]) WRITE_OPS))
                .property(PropertySpec.string("columnToMatchOn")
                        .displayName("Column to Match On")
                        .defaultValue("")
                        .required()
                        .description("The column to compare when finding the rows to update")
                        .showWhen(PropertySpec.VERSION, V2_OBJ)
                        .showWhen("operation", "update", "upsert"))
                .property(PropertySpec.string("valueToMatchOn")
                        .displayName("Value of Column to Match On")
                        .defaultValue("")
                        .showWhen(PropertySpec.VERSION, V2_OBJ)
                        .showWhen("dataMode", "defineBelow"))
                .property(PropertySpec.fixedCollection("valuesToSend")
                        .displayName("Values to Send")
                        .multipleValues()
                        .addButtonText("Add Value")
                        .child(PropertySpec.collection("values")
                                .displayName("Values")
                                .child(PropertySpec.string("column")
                                        .displayName("Column")
                                        .defaultValue(""))
                                .child(PropertySpec.string("value")
                                        .displayName("Value")
                                        .defaultValue("")))
                        .showWhen("dataMode", "defineBelow"))
                .property(optionsV1())
                .property(optionsV2())
                .build();
    }

    private static PropertySpec.Builder optionsV1() {
        return PropertySpec.collection("options")
                .displayName("Options")
                .placeholder("Add modifiers")
                .description("Modifiers for INSERT statement")
                .showWhen(PropertySpec.VERSION, 1)
                .child(PropertySpec.bool("ignore")
                        .displayName("Ignore")
                        .defaultValue(true)
                        .description("Whether to ignore any ignorable errors that occur while executing the INSERT"
                                + " statement"))
                .child(priority());
    }

    private static PropertySpec.Builder priority() {
        return PropertySpec.options("priority")
                .displayName("Priority")
                .option(
                        "LOW_PRIORITY",
                        "Low Prioirity",
                        "Delays execution of the INSERT until no other clients are reading from the table")
                .option("HIGH_PRIORITY", "High Priority", "Overrides the effect of the --low-priority-updates option")
                .defaultValue("LOW_PRIORITY");
    }

    private static PropertySpec.Builder optionsV2() {
        return PropertySpec.collection("options")
                .displayName("Options")
                .placeholder("Add Option")
                .showWhen(PropertySpec.VERSION, V2_OBJ)
                .child(PropertySpec.number("connectionTimeoutMillis")
                        .displayName("Connection Timeout")
                        .defaultValue(0)
                        .description("Number of milliseconds reserved for connecting to the database (0: the"
                                + " credential's Connect Timeout)"))
                .child(PropertySpec.number("connectionLimit")
                        .displayName("Connections Limit")
                        .defaultValue(10)
                        .minValue(1)
                        .description("Maximum amount of connections to the database (one is used per node run)"))
                .child(PropertySpec.options("queryBatching")
                        .displayName("Query Batching")
                        .noExpression()
                        .option("single", "Single Query", "A single query for all incoming items")
                        .option("independently", "Each Item Independently", "Execute one query per incoming item")
                        .option(
                                "transaction",
                                "Transaction",
                                "Execute all queries in a transaction, if a failure occurs, all changes are rolled back")
                        .defaultValue("single"))
                .child(PropertySpec.string("queryReplacement")
                        .displayName("Query Parameters")
                        .defaultValue("")
                        .description(
                                "Comma-separated list of the values you want to use as query parameters ($1, $2 …)"))
                .child(PropertySpec.multiOptions("outputColumns")
                        .displayName("Output Columns")
                        .option("*", "All")
                        .defaultValue(java.util.List.of())
                        .description("Columns to return; empty for all"))
                .child(PropertySpec.options("largeNumbersOutput")
                        .displayName("Output Large-Format Numbers As")
                        .option("numbers", "Numbers")
                        .option("text", "Text", "Use this if you expect numbers longer than 16 digits")
                        .defaultValue("text"))
                .child(PropertySpec.bool("decimalNumbers")
                        .displayName("Output Decimals as Numbers")
                        .description("Whether to output DECIMAL types as numbers instead of strings"))
                .child(priority())
                .child(PropertySpec.bool("replaceEmptyStrings")
                        .displayName("Replace Empty Strings with NULL")
                        .defaultValue(false)
                        .description("Whether to replace empty strings with NULL in input"))
                .child(PropertySpec.bool("selectDistinct")
                        .displayName("Select Distinct")
                        .defaultValue(false)
                        .description("Whether to remove duplicate rows"))
                .child(PropertySpec.bool("detailedOutput")
                        .displayName("Output Query Execution Details")
                        .defaultValue(false)
                        .description("Whether to show in output details of the executed query for each statement,"
                                + " or just confirmation of success"))
                .child(PropertySpec.bool("skipOnConflict")
                        .displayName("Skip on Conflict")
                        .defaultValue(false)
                        .description("Whether to skip the row and do not throw error if a unique constraint is"
                                + " violated"))
                .child(PropertySpec.options("combineConditions")
                        .displayName("Combine Conditions")
                        .option("AND", "AND")
                        .option("OR", "OR")
                        .defaultValue("AND"));
    }
}
