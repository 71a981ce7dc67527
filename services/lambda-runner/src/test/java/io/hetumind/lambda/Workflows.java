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

    /**
     * A manual trigger, then an HTTP GET of {@code slowUrl} named "Slow" (a node
     * that takes as long as that server makes it), then a Code node "Step 3".
     */
    public static ObjectNode slowCall(String slowUrl) {
        ObjectNode wf = F.objectNode();
        wf.put("name", "Slow call");
        ArrayNode nodes = wf.putArray("nodes");
        nodes.add(node("trigger", "Start", "hetumind.manualTrigger", 1, F.objectNode()));
        ObjectNode get = F.objectNode();
        get.put("url", slowUrl);
        get.putObject("options").put("timeout", 120_000);
        nodes.add(node("slow", "Slow", "hetumind.httpRequest", 4.2, get));
        nodes.add(node("s3", "Step 3", "hetumind.code", 2, code("return [{json: {done: true}}];")));
        ObjectNode connections = wf.putObject("connections");
        link(connections, "Start", "Slow");
        link(connections, "Slow", "Step 3");
        wf.putObject("settings").put("executionOrder", "v1");
        return wf;
    }

    /**
     * A manual trigger, then "Download" (an HTTP GET of {@code fileUrl} kept as a file, binary property {@code
     * data}), a Wait of {@code waitSeconds} (a batch ends there when the budget is shorter), then "Hash" (Crypto:
     * the SHA-256 of the file, in hex, as {@code sha256}), which reads the file back.
     */
    public static ObjectNode downloadWaitHash(String fileUrl, int waitSeconds) {
        ObjectNode wf = F.objectNode();
        wf.put("name", "Download, wait, hash");
        ArrayNode nodes = wf.putArray("nodes");
        nodes.add(node("trigger", "Start", "hetumind.manualTrigger", 1, F.objectNode()));
        ObjectNode get = F.objectNode();
        get.put("url", fileUrl);
        get.putObject("options").putObject("response").putObject("response").put("responseFormat", "file");
        nodes.add(node("dl", "Download", "hetumind.httpRequest", 4.2, get));
        ObjectNode wait = F.objectNode();
        wait.put("resume", "timeInterval");
        wait.put("amount", waitSeconds);
        wait.put("unit", "seconds");
        nodes.add(node("w", "Wait", "hetumind.wait", 1.1, wait));
        ObjectNode hash = F.objectNode();
        hash.put("action", "hash");
        hash.put("type", "SHA256");
        hash.put("binaryData", true);
        hash.put("binaryPropertyName", "data");
        hash.put("dataPropertyName", "sha256");
        hash.put("encoding", "hex");
        nodes.add(node("h", "Hash", "hetumind.crypto", 1, hash));
        ObjectNode connections = wf.putObject("connections");
        link(connections, "Start", "Download");
        link(connections, "Download", "Wait");
        link(connections, "Wait", "Hash");
        wf.putObject("settings").put("executionOrder", "v1");
        return wf;
    }

    private static ObjectNode code(String js) {
        ObjectNode params = F.objectNode();
        params.put("mode", "runOnceForAllItems");
        params.put("jsCode", js);
        return params;
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
