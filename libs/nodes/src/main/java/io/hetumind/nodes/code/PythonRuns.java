package io.hetumind.nodes.code;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.expr.CodeBinding;
import io.hetumind.core.expr.ExpressionException;
import io.hetumind.core.expr.PythonSandbox;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.ErrorKind;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The Code node's Python ({@code python}, {@code pythonNative}): the code runs in the installed
 * {@link PythonSandbox}, and each n8n Python name it reads is the node's JavaScript for it, evaluated by
 * {@link JsRunner} in the scope of the item being run, so Python and JavaScript see the same data.
 */
final class PythonRuns implements PythonSandbox.Host {

    static final String SAMPLE =
            """
            # Loop over input items and add a new field called 'myNewField' to the JSON of each one
            for item in _input.all():
              item.json.myNewField = 1
            return _input.all()""";

    private static final Pattern JS_LINE = Pattern.compile(" \\[line \\d+\\]$");

    private final NodeContext ctx;
    private final Duration timeout;
    private final Set<CodeBinding> bindings;
    private final Map<String, JsRunner> compiled = new HashMap<>();
    private int itemIndex;

    private PythonRuns(NodeContext ctx, Duration timeout, boolean eachItem) {
        this.ctx = ctx;
        this.timeout = timeout;
        this.bindings = Set.of(eachItem ? CodeBinding.ITEM : CodeBinding.ITEMS);
    }

    static NodeResult run(NodeContext ctx, boolean eachItem) {
        PythonSandbox python = PythonSandbox.installed()
                .orElseThrow(() -> NodeException.user("parameter 'language': Python needs the module"
                        + " hetumind-nodes-python (GraalPy), which this distribution does not include"));
        String source = source(ctx);
        Duration timeout = JsRunner.timeout(ctx);
        PythonRuns host = new PythonRuns(ctx, timeout, eachItem);
        PythonSandbox.Session session;
        try {
            session = python.open(source, host);
        } catch (ExpressionException e) {
            throw new NodeException(ErrorKind.USER, e.getMessage(), -1, "in parameter 'pythonCode'", e);
        }
        try (session) {
            return eachItem ? host.eachItem(session) : host.allItems(session);
        }
    }

    private NodeResult allItems(PythonSandbox.Session session) {
        List<Item> out;
        try {
            out = ItemValidation.allItems(call(session, 0, false));
        } catch (NodeException e) {
            if (!ctx.continueOnFail()) {
                throw e;
            }
            return NodeResult.withErrors(List.of(List.of()), List.of(CodeNode.errorItem(e, -1)));
        }
        return NodeResult.of(CodeNode.paired(out, ctx.items().size()));
    }

    private NodeResult eachItem(PythonSandbox.Session session) {
        List<Item> out = new ArrayList<>();
        List<Item> errors = new ArrayList<>();
        for (int i = 0; i < ctx.items().size(); i++) {
            try {
                JsonNode result = call(session, i, true);
                if (ItemValidation.truthy(result) || result.isContainerNode()) {
                    out.add(ItemValidation.eachItem(result, i).withPairedItem(i));
                }
            } catch (NodeException e) {
                if (!ctx.continueOnFail()) {
                    throw e;
                }
                errors.add(CodeNode.errorItem(e, i));
            }
        }
        return NodeResult.withErrors(List.of(out), errors);
    }

    private JsonNode call(PythonSandbox.Session session, int item, boolean eachItem) {
        itemIndex = item;
        try {
            return session.call(eachItem, timeout, ctx::canceled);
        } catch (ExpressionException e) {
            throw new NodeException(ErrorKind.USER, e.getMessage(), eachItem ? item : -1, null, e);
        }
    }

    @Override
    public JsonNode evaluate(String js) {
        JsRunner runner = compiled.computeIfAbsent(
                js, text -> JsRunner.compile(ctx, "return (" + text + ");", "pythonCode", timeout));
        try {
            return runner.run(itemIndex, bindings);
        } catch (NodeException e) {
            // the line is of the one-line JavaScript asked for; the Python code's own line is added by the sandbox
            throw new ExpressionException(JS_LINE.matcher(e.getMessage()).replaceFirst(""), js, e);
        }
    }

    @Override
    public void log(String line) {
        ctx.log(line);
    }

    private static String source(NodeContext ctx) {
        JsonNode raw = ctx.rawParam("pythonCode");
        String source = raw == null || raw.isNull() ? null : raw.asText();
        if (source == null || source.isBlank()) {
            throw NodeException.user("parameter 'pythonCode' is empty: there is no code to run");
        }
        if (source.startsWith("=")) {
            source = ctx.param("pythonCode", 0, String.class, "");
        }
        return source;
    }
}
