-- Continue-as-new on Temporal: what one generation of an execution's workflow hands on to the next (the engine's
-- snapshot, item-less, and the workflow's own bookkeeping), kind 'continuation', ref the next generation's number, so
-- only that number goes through Temporal. It goes with the execution's other rows when its queue row goes.
ALTER TABLE temporal_run_data DROP CONSTRAINT temporal_run_data_kind_check;
ALTER TABLE temporal_run_data ADD CONSTRAINT temporal_run_data_kind_check
    CHECK (kind IN ('input', 'trigger', 'run', 'state', 'resume', 'response', 'continuation'));
