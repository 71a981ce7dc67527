-- Pinned schedules (issue 12): a cron or daemon schedule may be pinned to one agent, which then plans and fires it
-- itself (also while cut off from the servers); the leader never plans it. The agent gets its whole pinned set in a
-- schedule_sync frame whose version is the agent's schedule_version (bumped in every transaction that changes the
-- set) and acknowledges it (schedule_acked_version). capabilities: what the agent's last register announced.
ALTER TABLE schedule ADD COLUMN pinned_agent uuid REFERENCES agent (id);
ALTER TABLE schedule ADD COLUMN misfire text NOT NULL DEFAULT 'skip' CHECK (misfire IN ('skip', 'once'));
-- A pin moved (POST schedules/{id}/pin, only while disabled and once the old agent acknowledged its set): fires of the
-- previous agent before the move are still recorded.
ALTER TABLE schedule ADD COLUMN pin_previous_agent uuid;
ALTER TABLE schedule ADD COLUMN pin_moved_at timestamptz;
CREATE INDEX schedule_pinned ON schedule (pinned_agent) WHERE pinned_agent IS NOT NULL;

ALTER TABLE agent ADD COLUMN capabilities text[] NOT NULL DEFAULT '{}';
ALTER TABLE agent ADD COLUMN schedule_version bigint NOT NULL DEFAULT 0;
ALTER TABLE agent ADD COLUMN schedule_acked_version bigint NOT NULL DEFAULT 0;
