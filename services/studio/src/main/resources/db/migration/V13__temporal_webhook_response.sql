-- Respond to Webhook on Temporal: the answer a node try gave to the webhook request that started its execution, kept
-- (kind 'response', ref '') for the studio holding the request, which reads it once the workflow's awaitResponse
-- update returns. It goes with the execution's other rows when its queue row goes.
ALTER TABLE temporal_run_data DROP CONSTRAINT temporal_run_data_kind_check;
ALTER TABLE temporal_run_data ADD CONSTRAINT temporal_run_data_kind_check
    CHECK (kind IN ('input', 'trigger', 'run', 'state', 'resume', 'response'));
