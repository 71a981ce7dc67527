package io.hetumind.studio.credential;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.spi.CredentialDescriptor;

/** Checks a credential against the service it is for ("test credential"), for the types where that means something. */
public interface CredentialTester {
    /** The credential type id it tests. */
    String type();

    /** Tries {@code data}; never throws for a failure of the remote side, and never puts a secret in the message. */
    Outcome test(CredentialDescriptor type, ObjectNode data);

    /** What the test found; {@code message} is safe to show (secrets masked). */
    record Outcome(boolean ok, String message) {}
}
