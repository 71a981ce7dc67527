package io.hetumind.core.spi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/** Descriptors as JSON: what the designer renders forms from and what {@code hetumind nodes} prints. */
public final class DescriptorJson {

    private DescriptorJson() {}

    public static ObjectNode write(NodeDescriptor d) {
        ObjectNode o = Json.object();
        o.put("type", d.type());
        ArrayNode versions = o.putArray("versions");
        d.versions().forEach(versions::add);
        o.put("displayName", d.displayName()).put("description", d.description());
        o.put("group", d.group().name().toLowerCase()).put("icon", d.icon());
        o.put("trigger", d.trigger()).put("loop", d.loop());
        o.set("inputs", ports(d.inputs()));
        o.set("outputs", ports(d.outputs()));
        o.set("inputRule", d.inputRule().toJson());
        o.set("outputRule", d.outputRule().toJson());
        if (d.errorOutput()) {
            ObjectNode err = o.putObject("errorOutput")
                    .put("name", NodeDescriptor.ERROR_PORT.name())
                    .put("displayName", NodeDescriptor.ERROR_PORT.displayName());
            err.putObject("when").putArray("@onError").add("errorOutput").add("continueErrorOutput");
        }
        if (d.triggerSpec() != null) {
            ObjectNode t = o.putObject("triggerSpec")
                    .put("kind", d.triggerSpec().kind().name().toLowerCase(java.util.Locale.ROOT))
                    .put("summary", d.triggerSpec().summary());
            ObjectNode tp = t.putObject("parameters");
            d.triggerSpec().parameters().forEach(tp::put);
        }
        ArrayNode props = o.putArray("properties");
        d.properties().forEach(p -> props.add(property(p)));
        ArrayNode creds = o.putArray("credentials");
        d.credentials().forEach(c -> {
            ObjectNode co = creds.addObject().put("type", c.credentialType()).put("required", c.required());
            if (!c.showWhen().isEmpty()) {
                co.set("showWhen", rules(c.showWhen()));
            }
        });
        ArrayNode subInputs = o.putArray("subInputs");
        d.subInputs().forEach(p -> {
            ObjectNode so = subInputs
                    .addObject()
                    .put("type", p.type())
                    .put("displayName", p.displayName())
                    .put("required", p.required())
                    .put("max", p.max());
            if (!p.showWhen().isEmpty()) {
                so.set("showWhen", rules(p.showWhen()));
            }
        });
        ArrayNode supplies = o.putArray("supplies");
        d.supplies().forEach(supplies::add);
        ArrayNode aliases = o.putArray("aliases");
        d.aliases().forEach(aliases::add);
        return o;
    }

    static ArrayNode ports(List<PortSpec> ports) {
        ArrayNode arr = Json.array();
        ports.forEach(p -> arr.addObject().put("name", p.name()).put("displayName", p.displayName()));
        return arr;
    }

    static ObjectNode property(PropertySpec p) {
        ObjectNode o = Json.object();
        o.put("name", p.name())
                .put("displayName", p.displayName())
                .put("type", p.type().wire());
        o.set("default", p.defaultValue());
        o.put("required", p.required());
        if (p.description() != null) {
            o.put("description", p.description());
        }
        if (p.placeholder() != null) {
            o.put("placeholder", p.placeholder());
        }
        if (!p.options().isEmpty()) {
            ArrayNode opts = o.putArray("options");
            p.options().forEach(opt -> {
                ObjectNode oo = opts.addObject().put("name", opt.name());
                oo.set("value", opt.value());
                if (opt.description() != null) {
                    oo.put("description", opt.description());
                }
            });
        }
        if (!p.children().isEmpty()) {
            ArrayNode children = o.putArray("children");
            p.children().forEach(c -> children.add(property(c)));
        }
        if (!p.showWhen().isEmpty()) {
            o.set("showWhen", rules(p.showWhen()));
        }
        if (!p.hideWhen().isEmpty()) {
            o.set("hideWhen", rules(p.hideWhen()));
        }
        if (p.multipleValues()) {
            o.put("multipleValues", true);
        }
        if (p.noExpression()) {
            o.put("noExpression", true);
        }
        if (!p.typeOptions().isEmpty()) {
            ObjectNode to = o.putObject("typeOptions");
            p.typeOptions().forEach(to::set);
        }
        return o;
    }

    static ObjectNode rules(Map<String, List<com.fasterxml.jackson.databind.JsonNode>> rules) {
        ObjectNode o = Json.object();
        // keys sorted: a rule's keys have no order, and a descriptor written from Map.of must read the same every run
        new java.util.TreeMap<>(rules).forEach((k, v) -> {
            ArrayNode arr = o.putArray(k);
            v.forEach(arr::add);
        });
        return o;
    }
}
