-- The W3C trace context an instance was queued under (the trigger's request span, or the failed attempt's for a
-- retry): its dispatch span is a child of it, and the agent's run span a child of the dispatch span.
ALTER TABLE task_instance ADD COLUMN traceparent text;
