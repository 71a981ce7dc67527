package io.hetumind.core.expr;

import io.hetumind.core.model.Item;
import java.util.ArrayList;
import java.util.List;

/**
 * A rough throughput check, run by hand (not a test):
 * {@code java -cp <test-classpath> io.hetumind.core.expr.ExpressionBenchmark}.
 */
public final class ExpressionBenchmark {

    private ExpressionBenchmark() {}

    public static void main(String[] args) {
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            items.add(TestScope.item("{\"name\":\"user" + i + "\",\"a\":" + i + ",\"b\":2.5,\"tags\":[\"x\",\"y\"],"
                    + "\"address\":{\"city\":\"Paris\"},\"f1\":1,\"f2\":2,\"f3\":3,\"f4\":4,\"f5\":5}"));
        }
        String[] templates = {
            "{{ $json.name }}",
            "{{ $json.address.city }}",
            "{{ $json.a + $json.b }}",
            "Hello {{ $json.name }}, you live in {{ $json.address.city }} ({{ $json.a * 2 }})",
            "{{ $json.name.toUpperCase() }}",
            "{{ $json.tags.map(t => t + '!').join(',') }}",
            "{{ $now.plus(1, 'day').toFormat('yyyy-MM-dd') }}",
        };
        for (boolean fast : new boolean[] {true, false}) {
            var engine = new RhinoExpressionEngine(ExpressionLimits.defaults(), fast);
            System.out.println(fast ? "== with the $json fast path" : "== every expression through Rhino");
            for (String source : templates) {
                Template template = engine.compile(source);
                var scope = new TestScope();
                scope.input = items;
                run(engine, template, scope, 200_000); // warm-up
                long start = System.nanoTime();
                int n = run(engine, template, scope, 1_000_000);
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("%,12.0f evals/s  %s%n", n / seconds, source);
            }
        }
    }

    private static int run(RhinoExpressionEngine engine, Template template, TestScope scope, int count) {
        int sink = 0;
        for (int i = 0; i < count; i++) {
            scope.itemIndex = i % 1000;
            sink += engine.evaluate(template, scope).size();
        }
        return count + (sink & 0);
    }
}
