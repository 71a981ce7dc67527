package io.hetumind.taskserver.leader;

/** The lease was lost (expired or taken) before a leader write: the write is rolled back. */
class Fenced extends RuntimeException {
    Fenced() {
        super("the lease is no longer held with this fencing token", null, false, false);
    }
}
