package io.hetumind.taskserver.service;

/** An agent message refused for good (no use resending); its transaction is rolled back. */
public class Refused extends RuntimeException {
    public Refused(String reason) {
        super(reason, null, false, false);
    }
}
