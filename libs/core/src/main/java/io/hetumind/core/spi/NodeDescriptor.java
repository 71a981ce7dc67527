package io.hetumind.core.spi;

import io.hetumind.core.model.Node;
import io.hetumind.core.spi.trigger.TriggerSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything the designer and the validator know about a node type: identity, versions,
 * ports and typed properties. {@code aliases} are other type ids that resolve to this type
 * (e.g. {@code n8n-nodes-base.set}). {@code loop} marks a node that may close a cycle.
 * {@code inputs}/{@code outputs} are the ports of a node with default parameters;
 * {@code inputRule}/{@code outputRule} compute them from a node's parameters and version.
 * {@code errorOutput} says the node accepts {@code onError: errorOutput} (an extra last output
 * named {@code error}); {@code triggerSpec} says what a trigger listens to.
 */
public record NodeDescriptor(
        String type,
        List<Double> versions,
        String displayName,
        String description,
        NodeGroup group,
        String icon,
        List<PortSpec> inputs,
        List<PortSpec> outputs,
        List<PropertySpec> properties,
        List<CredentialSlot> credentials,
        List<String> aliases,
        boolean trigger,
        boolean loop,
        PortRule inputRule,
        PortRule outputRule,
        boolean errorOutput,
        TriggerSpec triggerSpec,
        List<SubPort> subInputs,
        List<String> supplies) {

    /** The port every node with {@code onError: errorOutput} gets after its outputs. */
    public static final PortSpec ERROR_PORT = PortSpec.of("error", "Error");

    public NodeDescriptor {
        versions = List.copyOf(versions);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        inputRule = inputRule == null ? new PortRule.Fixed(inputs) : inputRule;
        outputRule = outputRule == null ? new PortRule.Fixed(outputs) : outputRule;
        properties = List.copyOf(properties);
        credentials = List.copyOf(credentials == null ? List.of() : credentials);
        aliases = List.copyOf(aliases == null ? List.of() : aliases);
        subInputs = List.copyOf(subInputs == null ? List.of() : subInputs);
        supplies = List.copyOf(supplies == null ? List.of() : supplies);
    }

    /** True when this type can be attached to a root as a sub-node. */
    public boolean canSupply(String connectionType) {
        return supplies.contains(connectionType);
    }

    /**
     * The sub-node inputs {@code node} offers with its parameters (unset ones take their defaults) and its version
     * ({@link PropertySpec#VERSION}, as the designer reads port rules).
     */
    public List<SubPort> subInputs(Node node) {
        List<SubPort> out = new ArrayList<>();
        for (SubPort p : subInputs) {
            if (p.shown(name -> {
                if (name.equals(PropertySpec.VERSION)) {
                    return Json.F.numberNode(node.typeVersion());
                }
                var v = node.parameters().get(name);
                if (v == null) {
                    PropertySpec spec = propertyAt(name, node.typeVersion());
                    v = spec == null ? null : spec.defaultValue();
                }
                return v;
            })) {
                out.add(p);
            }
        }
        return out;
    }

    public double latestVersion() {
        double max = 0;
        for (double v : versions) {
            max = Math.max(max, v);
        }
        return max;
    }

    public boolean supports(double version) {
        for (double v : versions) {
            if (v == version) {
                return true;
            }
        }
        return false;
    }

    /** The main inputs of {@code node} as configured. */
    public List<PortSpec> inputs(Node node) {
        return inputRule.ports(new PortRule.Scope(node.parameters(), node.typeVersion(), this));
    }

    /** The main outputs of {@code node} as configured (without the error output). */
    public List<PortSpec> outputs(Node node) {
        return outputRule.ports(new PortRule.Scope(node.parameters(), node.typeVersion(), this));
    }

    /**
     * The spec at a dot path in {@code version} (numeric segments, indexes into repeated
     * groups, are skipped), or null. Of several specs with one name, the first in the version wins.
     */
    public PropertySpec propertyAt(String path, double version) {
        List<PropertySpec> level = properties;
        PropertySpec found = null;
        for (String part : path.split("\\.")) {
            if (!part.isEmpty() && Character.isDigit(part.charAt(0)) && found != null) {
                continue;
            }
            found = null;
            for (PropertySpec p : level) {
                if (p.name().equals(part) && Conditions.inVersion(p, version)) {
                    found = p;
                    break;
                }
            }
            if (found == null) {
                return null;
            }
            level = found.children();
        }
        return found;
    }

    /** The property with this top-level name, or null. */
    public PropertySpec property(String name) {
        for (PropertySpec p : properties) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        return null;
    }

    public static Builder builder(String type) {
        return new Builder(type);
    }

    /** Fluent construction; one main input and one main output unless told otherwise. */
    public static final class Builder {
        private final String type;
        private final List<Double> versions = new ArrayList<>();
        private String displayName;
        private String description = "";
        private NodeGroup group = NodeGroup.UTILITY;
        private String icon;
        private List<PortSpec> inputs = List.of(PortSpec.MAIN);
        private List<PortSpec> outputs = List.of(PortSpec.MAIN);
        private final List<PropertySpec> properties = new ArrayList<>();
        private final List<CredentialSlot> credentials = new ArrayList<>();
        private final List<String> aliases = new ArrayList<>();
        private boolean trigger;
        private boolean loop;
        private PortRule inputRule;
        private PortRule outputRule;
        private Boolean errorOutput;
        private TriggerSpec triggerSpec;
        private final List<SubPort> subInputs = new ArrayList<>();
        private final List<String> supplies = new ArrayList<>();

        Builder(String type) {
            this.type = type;
            this.displayName = type;
        }

        public Builder versions(double... values) {
            for (double v : values) {
                versions.add(v);
            }
            return this;
        }

        public Builder displayName(String value) {
            this.displayName = value;
            return this;
        }

        public Builder description(String value) {
            this.description = value;
            return this;
        }

        public Builder group(NodeGroup value) {
            this.group = value;
            return this;
        }

        public Builder icon(String value) {
            this.icon = value;
            return this;
        }

        public Builder inputs(PortSpec... ports) {
            this.inputs = List.of(ports);
            return this;
        }

        public Builder outputs(PortSpec... ports) {
            this.outputs = List.of(ports);
            return this;
        }

        public Builder property(PropertySpec spec) {
            properties.add(spec);
            return this;
        }

        /** Adds {@code specs} in their order (a group of properties shared by several operations). */
        public Builder properties(java.util.List<PropertySpec> specs) {
            properties.addAll(specs);
            return this;
        }

        public Builder property(PropertySpec.Builder spec) {
            return property(spec.build());
        }

        public Builder credential(String credentialType, boolean required) {
            credentials.add(new CredentialSlot(credentialType, required));
            return this;
        }

        public Builder credential(CredentialSlot slot) {
            credentials.add(slot);
            return this;
        }

        public Builder alias(String... ids) {
            aliases.addAll(List.of(ids));
            return this;
        }

        /** A trigger starts executions and has no main input. */
        public Builder trigger() {
            this.trigger = true;
            this.inputs = List.of();
            return this;
        }

        /** Inputs computed from parameters; {@link #inputs} stays the default-parameter ports. */
        public Builder inputRule(PortRule rule) {
            this.inputRule = rule;
            return this;
        }

        /** Outputs computed from parameters; {@link #outputs} stays the default-parameter ports. */
        public Builder outputRule(PortRule rule) {
            this.outputRule = rule;
            return this;
        }

        /** Whether the node offers an error output (default: every node that is not a trigger). */
        public Builder errorOutput(boolean value) {
            this.errorOutput = value;
            return this;
        }

        /** A trigger, and what it listens to. */
        public Builder trigger(TriggerSpec spec) {
            this.triggerSpec = spec;
            return trigger();
        }

        /** A sub-node input: a connection type this root accepts sub-nodes on. */
        public Builder subInput(SubPort port) {
            subInputs.add(port);
            return this;
        }

        /** What this type supplies when attached to a root ({@code ai_*} connection types). */
        public Builder supplies(String... connectionTypes) {
            supplies.addAll(List.of(connectionTypes));
            return this;
        }

        /** A sub-node only: no main input or output, no error output; supplies {@code connectionTypes}. */
        public Builder subNode(String... connectionTypes) {
            this.inputs = List.of();
            this.outputs = List.of();
            this.errorOutput = false;
            return supplies(connectionTypes);
        }

        public Builder loop() {
            this.loop = true;
            return this;
        }

        public NodeDescriptor build() {
            if (versions.isEmpty()) {
                versions.add(1.0);
            }
            return new NodeDescriptor(
                    type,
                    versions,
                    displayName,
                    description,
                    group,
                    icon,
                    inputs,
                    outputs,
                    properties,
                    credentials,
                    aliases,
                    trigger,
                    loop,
                    inputRule,
                    outputRule,
                    errorOutput == null ? !trigger : errorOutput,
                    triggerSpec,
                    subInputs,
                    supplies);
        }
    }
}
