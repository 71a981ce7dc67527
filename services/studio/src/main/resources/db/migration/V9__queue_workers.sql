-- Each process that holds queue leases writes when it was last seen, in the statement that renews its leases; each
-- claimed row records when its lease was last taken or renewed. A row whose lease lapsed while its owner was seen after
-- that was broken off by a live worker (the database cut it off mid-run, or the reply to its claim was lost), not lost
-- with a dead one: the next claim resumes it without counting what was in flight, as if it had been handed back.
CREATE TABLE queue_worker (
    owner text PRIMARY KEY,
    seen_at timestamptz NOT NULL
);
ALTER TABLE execution_queue ADD COLUMN renewed_at timestamptz;
