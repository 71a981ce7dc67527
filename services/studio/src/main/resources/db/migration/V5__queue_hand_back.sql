-- A row its worker gave back in order (a store write failed, its checkpoint conflicted) rather than one whose lease
-- lapsed: the next claim resumes it without counting what was in flight as lost with a dead worker.
ALTER TABLE execution_queue ADD COLUMN handed_back boolean NOT NULL DEFAULT false;
