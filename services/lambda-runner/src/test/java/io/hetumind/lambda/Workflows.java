package io.hetumind.lambda;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Workflows the tests run, built as JSON. */
public final class Workflows {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private Workflows() {}

    /**
     * A manual trigger then {@code steps} Code nodes in a chain; each busy-waits {@code millis} (a slow
     * node) and appends its number to every item's {@code trail} and adds it to {@code sum}.
     */
    public static ObjectNode slowChain(int steps, int millis) {
        ObjectNode wf = F.objectNode();
        wf.put("id", "slow-chain");
        wf.put("name", "Slow chain");
        ArrayNode nodes = wf.putArray("nodes");
        nodes.add(node("trigger", "Start", "hetumind.manualTrigger", 1, F.objectNode()));
        ObjectNode connections = wf.putObject("connections");
        String previous = "Start";
        for (int i = 1; i <= steps; i++) {
            String name = "Step " + i;
            ObjectNode params = F.objectNode();
            params.put("mode", "runOnceForAllItems");
            params.put(
                    "jsCode",
                    "var end = Date.now() + " + millis + "; while (Date.now() < end) {}\n"
                            + "return $input.all().map(function (i) { return {json: {x: i.json.x,"
                            + " trail: (i.json.trail || '') + '" + i + ";', sum: (i.json.sum || 0) + " + i
                            + " * i.json.x}}; });");
            nodes.add(node("s" + i, name, "hetumind.code", 2, params));
            link(connections, previous, name);
            previous = name;
        }
        wf.putObject("settings").put("executionOrder", "v1");
        return wf;
    }

    /** A manual trigger then a Wait of {@code seconds}, then a Set. */
    public static ObjectNode waiting(int seconds) {
        ObjectNode wf = F.objectNode();
        wf.put("name", "Waits");
        ArrayNode nodes = wf.putArray("nodes");
        nodes.add(node("trigger", "Start", "hetumind.manualTrigger", 1, F.objectNode()));
        ObjectNode wait = F.objectNode();
        wait.put("resume", "timeInterval");
        wait.put("amount", seconds);
        wait.put("unit", "seconds");
        nodes.add(node("w", "Wait", "hetumind.wait", 1.1, wait));
        ObjectNode connections = wf.putObject("connections");
        link(connections, "Start", "Wait");
        wf.putObject("settings").put("executionOrder", "v1");
        return wf;
    }

    private static ObjectNode node(String id, String name, String type, double version, ObjectNode params) {
        ObjectNode n = F.objectNode();
        n.put("id", id);
        n.put("name", name);
        n.put("type", type);
        n.put("typeVersion", version);
        n.putArray("position").add(0).add(0);
        n.set("parameters", params);
        return n;
    }

    private static void link(ObjectNode connections, String from, String to) {
        ObjectNode target = F.objectNode();
        target.put("node", to);
        target.put("type", "main");
        target.put("index", 0);
        connections.putObject(from).putArray("main").addArray().add(target);
    }
}
