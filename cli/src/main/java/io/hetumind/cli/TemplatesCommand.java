package io.hetumind.cli;

import io.hetumind.core.spi.Json;
import io.hetumind.core.template.Template;
import io.hetumind.core.template.TemplateGallery;
import io.hetumind.core.template.TemplateParameter;
import java.util.ArrayList;
import java.util.List;

/** {@code hetumind templates [NAME]}: the built-in templates, or one template's parameters. */
final class TemplatesCommand implements Command {

    private static final CommandSpec SPEC = new CommandSpec(
                    "templates", "List the built-in workflow templates, or show one template's parameters.")
            .parameters("NAME", "A built-in template's name or a template file", 0, 1, null);

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int call(Invocation in) {
        var out = in.out();
        String name = in.parameter("NAME");
        if (name == null) {
            List<String[]> rows = new ArrayList<>();
            for (Template t : TemplateGallery.builtIn()) {
                rows.add(new String[] {t.name(), t.description()});
            }
            CommandSpec.printRows(out, rows);
            out.println("Use one: hetumind new --template NAME --param key=value … (see 'hetumind templates NAME')");
            return RunSupport.OK;
        }
        Template t = TemplateSource.find(name);
        out.println(t.name() + " (version " + t.version() + ")");
        out.println(t.description());
        out.println("Parameters:");
        List<String[]> rows = new ArrayList<>();
        for (TemplateParameter p : t.parameters()) {
            String how = p.defaultValue() != null
                    ? "default " + Json.write(p.defaultValue())
                    : p.required() ? "required" : "optional";
            rows.add(new String[] {"  " + p.name(), p.type().wire(), how, p.description()});
        }
        printColumns(out, rows);
        return RunSupport.OK;
    }

    private static void printColumns(java.io.PrintWriter out, List<String[]> rows) {
        int cols = rows.isEmpty() ? 0 : rows.getFirst().length;
        int[] width = new int[cols];
        for (String[] r : rows) {
            for (int i = 0; i < cols; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < cols; i++) {
                sb.append(r[i]);
                if (i < cols - 1) {
                    sb.append(" ".repeat(width[i] - r[i].length() + 2));
                }
            }
            out.println(sb);
        }
    }
}
