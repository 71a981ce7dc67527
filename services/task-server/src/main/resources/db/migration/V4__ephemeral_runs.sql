-- One-off runs (POST /api/v1/runs): each is a job of its own, marked ephemeral, hidden from the job list and
-- deleted by the leader with its tasks, attempts and logs once every attempt ended and `run-retention` passed.
ALTER TABLE job ADD COLUMN ephemeral boolean NOT NULL DEFAULT false;
CREATE INDEX job_ephemeral ON job (created_at) WHERE ephemeral;
