package io.hetumind.nodes.ai.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.ToolSpecification;
import io.hetumind.core.engine.ChildWaitingException;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.engine.SubWorkflowRunner;
import io.hetumind.core.engine.WorkflowInvalidException;
import io.hetumind.core.format.WorkflowFormat;
import io.hetumind.core.model.ConnectionTypes;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Node;
import io.hetumind.core.model.Workflow;
import io.hetumind.core.spi.Conditions;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.NodeParameters;
import io.hetumind.core.spi.NodeType;
import io.hetumind.core.spi.OptionLoader;
import io.hetumind.core.spi.OptionSpec;
import io.hetumind.core.spi.PropertySpec;
import io.hetumind.core.spi.SupplierNode;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An ordinary node used as an agent's tool, as n8n 2.x's {@code …Tool} node variants: the node's own
 * parameters, plus a tool description; wherever a parameter value calls
 * {@code $fromAI('key', 'description', 'type', default)} the model supplies that value. A call runs
 * the wrapped node as a one-node child execution (the host's {@link SubWorkflowRunner}, so its
 * credentials, network policy and limits apply) on the root's current item, and answers the
 * node's output items as JSON. Subclasses name the wrapped node.
 */
public abstract class NodeAsToolNode implements SupplierNode {

    static final int MAX_ANSWER = 100_000;

    private final NodeType wrapped;
    private final NodeDescriptor descriptor;

    protected NodeAsToolNode(NodeType wrapped, String type, String n8nAlias) {
        this(wrapped, type, n8nAlias, 0);
    }

    /**
     * The tool variant of the versions of {@code wrapped} from {@code fromVersion} on: n8n derives
     * a {@code …Tool} type only from the versions whose description says {@code usableAsTool}.
     */
    protected NodeAsToolNode(NodeType wrapped, String type, String n8nAlias, double fromVersion) {
        this.wrapped = wrapped;
        NodeDescriptor w = wrapped.descriptor();
        double[] versions = w.versions().stream()
                .mapToDouble(Double::doubleValue)
                .filter(v -> v >= fromVersion)
                .toArray();
        if (versions.length == 0) {
            throw new IllegalArgumentException(type + ": " + w.type() + " has no version from " + fromVersion);
        }
        NodeDescriptor.Builder b = NodeDescriptor.builder(type)
                .versions(versions)
                .displayName(w.displayName() + " Tool")
                .description(w.description())
                .group(NodeGroup.AI)
                .icon(w.icon())
                .alias(n8nAlias)
                .subNode(ConnectionTypes.AI_TOOL)
                .property(PropertySpec.options("descriptionType")
                        .displayName("Tool Description")
                        .defaultValue("auto")
                        .option("auto", "Set Automatically", "The node's own description")
                        .option("manual", "Set Manually", "Describe what the tool does")
                        .noExpression())
                .property(PropertySpec.string("toolDescription")
                        .displayName("Description")
                        .defaultValue(w.description())
                        .rows(2)
                        .showWhen("descriptionType", "manual"));
        Set<Double> kept = Arrays.stream(versions).boxed().collect(Collectors.toSet());
        w.properties().stream()
                .map(p -> forVersions(p, kept))
                .filter(Objects::nonNull)
                .forEach(b::property);
        w.credentials().forEach(b::credential);
        this.descriptor = b.build();
    }

    @Override
    public NodeDescriptor descriptor() {
        return descriptor;
    }

    /** The wrapped node's option lists (tables, columns …), so its form works in the designer. */
    @Override
    public Map<String, OptionLoader> optionLoaders() {
        return wrapped.optionLoaders();
    }

    /**
     * The property as the kept versions see it: null when it is shown only in others, its
     * {@code @version} rules narrowed to the kept versions (the registry refuses rules naming
     * versions a node lacks).
     */
    private static PropertySpec forVersions(PropertySpec p, Set<Double> kept) {
        List<JsonNode> shownIn = p.showWhen().get(PropertySpec.VERSION);
        Map<String, List<JsonNode>> show = narrowed(p.showWhen(), kept);
        if (shownIn != null && !show.containsKey(PropertySpec.VERSION)) {
            return null;
        }
        Map<String, List<JsonNode>> hide = narrowed(p.hideWhen(), kept);
        List<PropertySpec> children = p.children().stream()
                .map(c -> forVersions(c, kept))
                .filter(Objects::nonNull)
                .toList();
        return new PropertySpec(
                p.name(),
                p.displayName(),
                p.type(),
                p.defaultValue(),
                p.required(),
                p.description(),
                p.placeholder(),
                p.options(),
                children,
                show,
                hide,
                p.multipleValues(),
                p.noExpression(),
                p.typeOptions());
    }

    private static Map<String, List<JsonNode>> narrowed(Map<String, List<JsonNode>> rules, Set<Double> kept) {
        Map<String, List<JsonNode>> out = new LinkedHashMap<>(rules);
        List<JsonNode> versions = rules.get(PropertySpec.VERSION);
        if (versions != null) {
            List<JsonNode> left = versions.stream()
                    .filter(v -> v.isNumber() && kept.contains(v.doubleValue()))
                    .toList();
            if (left.isEmpty()) {
                out.remove(PropertySpec.VERSION);
            } else {
                out.put(PropertySpec.VERSION, left);
            }
        }
        return out;
    }

    /**
     * n8n's {@code action} of each operation where it differs from the operation's description here (descriptors do
     * not carry n8n's {@code action}), keyed {@code resource/operation}; a subclass names them from n8n's node.
     */
    protected Map<String, String> actions() {
        return Map.of();
    }

    /**
     * The resource n8n's node has as a hidden parameter and this node's descriptor does not declare (n8n's Postgres 2.x
     * {@code resource: database}), so that its operations' actions apply as in n8n; null when there is none.
     */
    protected String impliedResource() {
        return null;
    }

    /**
     * n8n's {@code getToolDescriptionForNode}: the manual text when chosen and not blank, else
     * {@code "<action> in <node>"} for the operation chosen (n8n's {@code action}: {@link #actions()}, else the option's
     * description, which is the same text for most operations), {@code "<operation> <resource> in <node>"} when that
     * operation has none, else the node's description. Unset resource and operation take their defaults, as n8n
     * fills them in before it asks.
     */
    private String description(NodeParameters ctx, int item) {
        Node node = ctx.node();
        ObjectNode p = node.parameters();
        String manual = ctx.param("toolDescription", item, String.class, "");
        if ("manual".equals(p.path("descriptionType").asText("auto")) && manual != null && !manual.isBlank()) {
            return manual;
        }
        NodeDescriptor w = wrapped.descriptor();
        double version = node.typeVersion();
        String declared = chosen(p, "resource", version, null);
        String resource = declared != null ? declared : impliedResource();
        String operation = chosen(p, "operation", version, declared);
        if (resource != null && operation != null) {
            String action = actions().get(resource + "/" + operation);
            if (action == null) {
                action = operationSpec(version, declared).stream()
                        .flatMap(o -> o.options().stream())
                        .filter(o -> operation.equals(o.value().asText()))
                        .map(OptionSpec::description)
                        .filter(d -> d != null && !d.isBlank())
                        .findFirst()
                        .orElse(null);
            }
            return action != null
                    ? action + " in " + w.displayName()
                    : operation + " " + resource + " in " + w.displayName();
        }
        String own = w.description();
        if (own == null || own.isBlank()) {
            throw NodeException.user("'" + node.name() + "': the tool needs a description the model can read", item);
        }
        return own;
    }

    /** The set value of {@code name}, else the default of its spec in this version (for this resource). */
    private String chosen(ObjectNode parameters, String name, double version, String resource) {
        if (parameters.path(name).isTextual()) {
            return parameters.get(name).asText();
        }
        List<PropertySpec> specs = "operation".equals(name)
                ? operationSpec(version, resource)
                : wrapped.descriptor().properties().stream()
                        .filter(s -> s.name().equals(name) && Conditions.inVersion(s, version))
                        .toList();
        return specs.isEmpty() || !specs.getFirst().defaultValue().isTextual()
                ? null
                : specs.getFirst().defaultValue().asText();
    }

    /** The {@code operation} spec of this version shown for {@code resource} (n8n's lookup). */
    private List<PropertySpec> operationSpec(double version, String resource) {
        return wrapped.descriptor().properties().stream()
                .filter(s -> s.name().equals("operation") && Conditions.inVersion(s, version))
                .filter(s -> {
                    List<JsonNode> forResource = s.showWhen().get("resource");
                    return forResource == null
                            || (resource != null && forResource.stream().anyMatch(r -> resource.equals(r.asText())));
                })
                .limit(1)
                .toList();
    }

    @Override
    public Object supply(NodeContext ctx, String connectionType, int item) {
        String nodeName = ctx.node().name();
        String name = AgentTool.toolName(nodeName);
        String description = description(ctx, item);
        ObjectNode raw = ctx.node().parameters().deepCopy();
        raw.remove("descriptionType");
        raw.remove("toolDescription");
        Map<String, FromAi.Call> params = new LinkedHashMap<>();
        try {
            FromAi.collect(raw, params);
        } catch (IllegalArgumentException e) {
            throw NodeException.user("'" + nodeName + "': " + e.getMessage(), item);
        }
        ObjectNode schema = FromAi.schema(params.values());
        ToolSpecification spec = ToolSchemas.fromSchema(name, description, schema);
        SubWorkflowRunner runner = ctx.service(SubWorkflowRunner.class)
                .orElseThrow(() -> NodeException.user("this host cannot run nodes as tools", item));
        Node self = ctx.node();
        String wrappedType = wrapped.descriptor().type();
        return new AgentTool() {
            @Override
            public ToolSpecification specification() {
                return spec;
            }

            @Override
            public String execute(String argumentsJson, int itemIndex) {
                FromAi.Bound bound = FromAi.bind(params.values(), argumentsJson);
                if (bound.error() != null) {
                    return bound.error();
                }
                Map<String, JsonNode> values = bound.values();
                ObjectNode filled = (ObjectNode) FromAi.substitute(raw, values);
                Node node = new Node(
                        self.id(),
                        self.name(),
                        wrappedType,
                        self.typeVersion(),
                        self.position(),
                        filled,
                        self.credentials(),
                        self.retry(),
                        self.onError(),
                        false,
                        self.alwaysOutputData(),
                        self.executeOnce(),
                        self.notes());
                ObjectNode tree = WorkflowFormat.toTree(
                        new Workflow(null, "tool " + self.name(), 0, List.of(node), null, null, null));
                ArrayNode nodes = (ArrayNode) tree.get("nodes");
                String trigger = "When called as a tool";
                nodes.insertObject(0)
                        .put("name", trigger)
                        .put("type", "hetumind.executeWorkflowTrigger")
                        .put("typeVersion", 1);
                ObjectNode conns = tree.putObject("connections");
                conns.putObject(trigger)
                        .putArray("main")
                        .addArray()
                        .addObject()
                        .put("node", self.name())
                        .put("type", "main")
                        .put("index", 0);
                Workflow child = WorkflowFormat.read(tree);
                List<Item> items = ctx.items();
                ObjectNode input =
                        itemIndex < items.size() ? items.get(itemIndex).json().deepCopy() : Json.object();
                ExecutionResult result;
                try {
                    result = runner.run(child, List.of(Item.of(input)));
                } catch (ChildWaitingException waiting) {
                    throw waiting;
                } catch (WorkflowInvalidException | IllegalArgumentException | IllegalStateException e) {
                    return "There was an error: \"" + e.getMessage() + "\"";
                }
                if (result.status() == ExecutionStatus.ERROR) {
                    var error = result.state().error();
                    return "There was an error: \"" + (error == null ? "the node failed" : error.message()) + "\"";
                }
                List<Item> output = result.lastOutput();
                boolean binary = output.stream().anyMatch(i -> !i.binary().isEmpty());
                boolean json = output.stream().anyMatch(i -> !i.json().isEmpty());
                if (binary && !json) {
                    // n8n's words: an agent reads no files
                    return "Error: The Tool attempted to return binary data, which is not supported in Agents";
                }
                ArrayNode out = Json.array();
                output.forEach(i -> out.add(i.json()));
                ctx.log("tool " + name + " ran " + wrappedType + " → " + out.size() + " item(s)"
                        + (binary ? " (binary data left out)" : ""));
                String answer = Json.write(out);
                return answer.length() > MAX_ANSWER ? answer.substring(0, MAX_ANSWER) : answer;
            }
        };
    }
}
