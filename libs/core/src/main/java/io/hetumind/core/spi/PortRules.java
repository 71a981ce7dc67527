package io.hetumind.core.spi;

import java.util.ArrayList;
import java.util.List;

/** Reads of port rules: which parameters a rule looks at (the registry checks they are declared). */
final class PortRules {

    private PortRules() {}

    static List<String> parameters(PortRule rule) {
        List<String> out = new ArrayList<>();
        collect(rule, out);
        return out;
    }

    private static void collect(PortRule rule, List<String> out) {
        switch (rule) {
            case null -> {}
            case PortRule.Fixed f -> {}
            case PortRule.Labeled l -> out.add(l.labelParameter());
            case PortRule.Count c -> out.add(c.parameter());
            case PortRule.PerEntry p -> {
                out.add(p.parameter());
                out.add(p.parameter() + "." + p.labelField());
                if (p.labelFlag() != null) {
                    out.add(p.parameter() + "." + p.labelFlag());
                }
            }
            case PortRule.MaxIndex m -> m.sources().forEach(s -> out.add(s.path()));
            case PortRule.Concat c -> {
                c.parts().forEach(p -> collect(p, out));
                collect(c.ifEmpty(), out);
            }
            case PortRule.When w -> {
                w.cases().forEach(c -> {
                    out.addAll(c.conditions().keySet());
                    collect(c.then(), out);
                });
                collect(w.otherwise(), out);
            }
        }
    }
}
