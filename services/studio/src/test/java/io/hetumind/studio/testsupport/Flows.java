package io.hetumind.studio.testsupport;

/** Workflow documents the trigger tests use, in n8n's export shape (as users import them). */
public final class Flows {
    private Flows() {}

    /** A Webhook node alone, with {@code params} as its parameters JSON. */
    public static String webhookOnly(String params) {
        return """
                {"name":"webhook only","nodes":[
                 {"id":"1","name":"Webhook","type":"n8n-nodes-base.webhook","typeVersion":2,"position":[0,0],
                  "parameters":%s}],
                 "connections":{}}
                """
                .formatted(params);
    }

    /**
     * Webhook → Edit Fields (greeting = "hello " + body.name) → Respond to Webhook (first item), optionally followed
     * by a Wait of {@code waitSeconds} after the Respond node (0: none).
     */
    public static String respond(String path, int waitSeconds) {
        String wait = waitSeconds <= 0
                ? ""
                : """
                ,{"id":"4","name":"Slow","type":"n8n-nodes-base.wait","typeVersion":1.1,"position":[600,0],
                  "parameters":{"resume":"timeInterval","amount":%d,"unit":"seconds"}}
                """
                        .formatted(waitSeconds);
        String waitLink = waitSeconds <= 0
                ? ""
                : """
                ,"Respond to Webhook":{"main":[[{"node":"Slow","type":"main","index":0}]]}
                """;
        return """
                {"name":"respond","nodes":[
                 {"id":"1","name":"Webhook","type":"n8n-nodes-base.webhook","typeVersion":2,"position":[0,0],
                  "parameters":{"path":"%s","httpMethod":"POST","responseMode":"responseNode","options":{}}},
                 {"id":"2","name":"Edit Fields","type":"n8n-nodes-base.set","typeVersion":3.4,"position":[200,0],
                  "parameters":{"assignments":{"assignments":[{"id":"a","name":"greeting",
                    "value":"=hello {{ $json.body.name }}","type":"string"}]},"options":{}}},
                 {"id":"3","name":"Respond to Webhook","type":"n8n-nodes-base.respondToWebhook","typeVersion":1.1,
                  "position":[400,0],"parameters":{"respondWith":"firstIncomingItem",
                  "options":{"responseCode":201,"responseHeaders":{"entries":[{"name":"X-Flow","value":"respond"}]}}}}
                 %s],
                 "connections":{"Webhook":{"main":[[{"node":"Edit Fields","type":"main","index":0}]]},
                  "Edit Fields":{"main":[[{"node":"Respond to Webhook","type":"main","index":0}]]}%s}}
                """
                .formatted(path, wait, waitLink);
    }

    /** Webhook (lastNode, {@code responseData}) → Edit Fields that keeps the request and adds {@code seen: true}. */
    public static String lastNode(String path, String method, String responseData) {
        return """
                {"name":"last node","nodes":[
                 {"id":"1","name":"Webhook","type":"n8n-nodes-base.webhook","typeVersion":2,"position":[0,0],
                  "parameters":{"path":"%s","httpMethod":"%s","responseMode":"lastNode","responseData":"%s",
                   "responseCode":202,"options":{}}},
                 {"id":"2","name":"Edit Fields","type":"n8n-nodes-base.set","typeVersion":3.4,"position":[200,0],
                  "parameters":{"includeOtherFields":true,"assignments":{"assignments":[{"id":"a","name":"seen",
                    "value":true,"type":"boolean"}]},"options":{}}}],
                 "connections":{"Webhook":{"main":[[{"node":"Edit Fields","type":"main","index":0}]]}}}
                """
                .formatted(path, method, responseData);
    }

    /** A Schedule Trigger with one interval rule (e.g. {@code {"field":"seconds","secondsInterval":1}}) → Edit Fields. */
    public static String schedule(String rule, String timezone) {
        return """
                {"name":"scheduled","settings":{"timezone":"%s"},"nodes":[
                 {"id":"1","name":"Schedule Trigger","type":"n8n-nodes-base.scheduleTrigger","typeVersion":1.2,
                  "position":[0,0],"parameters":{"rule":{"interval":[%s]}}},
                 {"id":"2","name":"Edit Fields","type":"n8n-nodes-base.set","typeVersion":3.4,"position":[200,0],
                  "parameters":{"assignments":{"assignments":[{"id":"a","name":"ok","value":true,"type":"boolean"}]},
                   "options":{}}}],
                 "connections":{"Schedule Trigger":{"main":[[{"node":"Edit Fields","type":"main","index":0}]]}}}
                """
                .formatted(timezone, rule);
    }

    /** A Manual Trigger alone: nothing that can activate. */
    public static String manualOnly() {
        return """
                {"name":"manual","nodes":[
                 {"id":"1","name":"Start","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"position":[0,0],
                  "parameters":{}}],"connections":{}}
                """;
    }
}
