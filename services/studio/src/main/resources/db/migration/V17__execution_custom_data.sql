-- An execution's custom data (n8n's $execution.customData, the Execution Data node): up to 10 text values by key,
-- kept on the execution row so they go with it (pruning drops whole partitions) and the list can filter by them.
-- json keeps the order the keys were set in.
ALTER TABLE execution ADD COLUMN custom_data json;
