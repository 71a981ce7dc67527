package io.hetumind.cli;

import io.hetumind.core.format.WorkflowFormat;
import io.hetumind.core.model.Workflow;
import io.hetumind.core.template.Template;
import io.hetumind.core.template.TemplateInstantiator;
import io.hetumind.core.template.TemplateParamsException;
import io.hetumind.core.validate.Problem;
import io.hetumind.core.validate.ValidationReport;
import io.hetumind.core.validate.WorkflowValidator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code hetumind new NAME}: writes a starter workflow (Manual Trigger → Edit Fields); with {@code --template} (a
 * built-in template's name or a template file) and {@code --param k=v…}, the workflow that template makes, checked by
 * the validator before anything is written.
 */
final class NewCommand implements Command {

    private static final CommandSpec SPEC = new CommandSpec(
                    "new", "Write a starter workflow file, or one made from a template.")
            .parameters(
                    "NAME", "Workflow name; the file is NAME.json (or --output). Optional with --template", 0, 1, null)
            .option("TEMPLATE", "Built-in template (see 'hetumind templates') or template file", "-t", "--template")
            .repeatableOption("K=V", "A template parameter's value (repeatable)", "-p", "--param")
            .option("FILE", "File to write", "-o", "--output")
            .flag("Overwrite an existing file", "--force");

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int call(Invocation in) throws Exception {
        String name = in.parameter("NAME");
        String template = in.string("--template");
        if (template == null && name == null) {
            throw new UsageException("Missing required parameter: 'NAME'");
        }
        if (template == null && !in.strings("--param").isEmpty()) {
            throw new UsageException("--param needs --template");
        }
        Path output = in.path("--output");
        boolean force = in.flag("--force");
        String json;
        String fileStem;
        if (template != null) {
            Template t = TemplateSource.find(template);
            Workflow wf;
            try {
                wf = TemplateInstantiator.instantiate(t, TemplateInstantiator.fromTexts(t, params(in)), name);
            } catch (TemplateParamsException e) {
                in.err()
                        .println(
                                "✘ template '" + t.name() + "': " + e.problems().size() + " problem(s)");
                for (Problem p : e.problems()) {
                    in.err().println("  - " + p.path() + ": " + p.message() + " (" + p.code() + ")");
                }
                return RunSupport.INVALID;
            }
            ValidationReport report = new WorkflowValidator(NodeCatalog.registry()).validate(wf);
            if (!report.ok()) {
                in.err().println("✘ the workflow made from '" + t.name() + "' is not valid:");
                in.err().print(report);
                return RunSupport.INVALID;
            }
            json = WorkflowFormat.writeJson(wf);
            fileStem = name != null ? name : t.name();
        } else {
            json = starter(name);
            fileStem = name;
        }
        Path file = output != null ? output : Path.of(fileStem.replaceAll("[^A-Za-z0-9._-]+", "-") + ".json");
        if (Files.exists(file) && !force) {
            in.err().println("hetumind: " + file + " exists (use --force to overwrite)");
            return RunSupport.FAILED;
        }
        Files.writeString(file, json);
        in.out().println("wrote " + file + " — run it with: ./hetumind run " + file);
        return RunSupport.OK;
    }

    /** {@code --param k=v} values by name; a value may contain '=', a name may not be given twice. */
    private static Map<String, String> params(Invocation in) {
        Map<String, String> out = new LinkedHashMap<>();
        List<String> given = in.strings("--param");
        for (String kv : given) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new UsageException("Invalid value for option '--param': '" + kv + "' is not NAME=VALUE");
            }
            if (out.put(kv.substring(0, eq), kv.substring(eq + 1)) != null) {
                throw new UsageException("Parameter '" + kv.substring(0, eq) + "' is given twice");
            }
        }
        return out;
    }

    private static String starter(String name) {
        return """
                {
                  "name": %s,
                  "nodes": [
                    { "id": "trigger", "name": "Manual Trigger", "type": "hetumind.manualTrigger", "typeVersion": 1,
                      "position": [0, 0], "parameters": {} },
                    { "id": "set", "name": "Edit Fields", "type": "hetumind.set", "typeVersion": 3.4,
                      "position": [220, 0],
                      "parameters": {
                        "mode": "manual",
                        "assignments": { "assignments": [
                          { "id": "a1", "name": "greeting", "value": "=Hello from {{ $workflow.name }}", "type": "string" } ] },
                        "options": {} } }
                  ],
                  "connections": {
                    "Manual Trigger": { "main": [[ { "node": "Edit Fields", "type": "main", "index": 0 } ]] }
                  },
                  "settings": { "executionOrder": "v1", "timezone": "UTC" }
                }
                """
                .formatted(io.hetumind.core.spi.Json.write(io.hetumind.core.spi.Json.F.textNode(name)));
    }
}
