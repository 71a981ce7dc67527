package io.hetumind.core.spi;

import java.util.EnumSet;
import java.util.Set;

/**
 * Per-instance switches for nodes that act on the host rather than on data: running user code,
 * running commands, touching the local disk. A multi-tenant host turns them off from its
 * configuration and registers the policy with {@code Engine.builder().service(NodePolicy.class, …)};
 * nodes call {@link #require(NodeContext, Capability, String)} before they act, and a switched-off
 * node fails with a user error that says so. Without a registered policy everything is allowed (the
 * CLI's default: the user runs their own workflows on their own machine).
 */
public final class NodePolicy {

    /** What a node may be kept from doing. */
    public enum Capability {
        /** User JavaScript: Code, Function, Function Item, Sort's code mode. */
        CODE("running code in workflows"),
        /** Commands on the host (Execute Command). */
        EXECUTE_COMMAND("running commands on the host"),
        /** Reading or writing files on the host's disk (Read Binary Files, Read/Write Files from Disk). */
        LOCAL_FILES("reading or writing files on the host's disk");

        private final String activity;

        Capability(String activity) {
            this.activity = activity;
        }

        /** E.g. "running code in workflows". */
        public String activity() {
            return activity;
        }
    }

    private static final NodePolicy ALLOW_ALL = new NodePolicy(EnumSet.allOf(Capability.class));

    private final Set<Capability> allowed;

    private NodePolicy(Set<Capability> allowed) {
        this.allowed = allowed;
    }

    /** Everything allowed: what nodes assume when the host registers no policy. */
    public static NodePolicy allowAll() {
        return ALLOW_ALL;
    }

    /** A policy that starts with everything allowed; switch capabilities off on it. */
    public static Builder builder() {
        return new Builder();
    }

    public boolean allows(Capability c) {
        return allowed.contains(c);
    }

    /**
     * Fails unless {@code c} is allowed; {@code node} names the node type for the message (e.g.
     * "Code").
     *
     * @throws NodeException a user error: "The Code node is disabled on this instance — …"
     */
    public void require(Capability c, String node) {
        if (!allows(c)) {
            throw NodeException.user("The " + node + " node is disabled on this instance — its administrator does not"
                    + " allow " + c.activity());
        }
    }

    /** {@link #require(Capability, String)} with the context's policy, or none (allowed) when there is none. */
    public static void require(NodeContext ctx, Capability c, String node) {
        ctx.service(NodePolicy.class).orElse(ALLOW_ALL).require(c, node);
    }

    @Override
    public String toString() {
        return "NodePolicy" + allowed;
    }

    /** Builds a {@link NodePolicy}; every capability starts allowed. */
    public static final class Builder {
        private final Set<Capability> allowed = EnumSet.allOf(Capability.class);

        private Builder() {}

        /** Switches {@code c} on or off, e.g. {@code allow(CODE, config.codeEnabled())}. */
        public Builder allow(Capability c, boolean on) {
            if (on) {
                allowed.add(c);
            } else {
                allowed.remove(c);
            }
            return this;
        }

        public NodePolicy build() {
            return new NodePolicy(allowed.isEmpty() ? EnumSet.noneOf(Capability.class) : EnumSet.copyOf(allowed));
        }
    }
}
