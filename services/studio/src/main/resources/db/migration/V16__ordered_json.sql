-- Workflow documents and launch documents (the trigger items of a queued run) keep their text as written. jsonb
-- stores an object's keys sorted (shortest first) and without duplicates, so a pinned item, a queued webhook's or
-- form's item {headers, params, query, body} and every parameter object came back in another key order than n8n
-- keeps and the run was given; json keeps the text. Neither column is queried by its content.
ALTER TABLE workflow_version ALTER COLUMN definition TYPE json USING definition::json;
ALTER TABLE execution_queue ALTER COLUMN launch TYPE json USING launch::json;
ALTER TABLE execution ALTER COLUMN launch TYPE json USING launch::json;
