package io.hetumind.core.expr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ConcurrencyTest extends EngineTestSupport {

    @Test
    void oneTemplateEvaluatedFromManyThreads() throws Exception {
        Template template = ENGINE.compile(
                "{{ $json.name.toUpperCase() }}-{{ $json.list.map(x => x * $json.k).join(',') }}-{{ $json.k }}");
        int threads = 8;
        int rounds = 2_000;
        List<Callable<List<String>>> tasks = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int k = t;
            tasks.add(() -> {
                var scope = TestScope.withJson("{\"name\":\"t" + k + "\",\"list\":[1,2,3],\"k\":" + k + "}");
                List<String> seen = new ArrayList<>();
                for (int i = 0; i < rounds; i++) {
                    seen.add(ENGINE.evaluate(template, scope).textValue());
                }
                return seen;
            });
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<List<String>>> results = pool.invokeAll(tasks);
            for (int t = 0; t < threads; t++) {
                String expected = "T" + t + "-" + t + "," + 2 * t + "," + 3 * t + "-" + t;
                assertThat(results.get(t).get()).hasSize(rounds).containsOnly(expected);
            }
        }
    }

    @Test
    void compilingConcurrentlyYieldsWorkingTemplates() throws Exception {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int n = i % 20;
                results.add(pool.submit(() -> text("{{ " + n + " * 2 }}|{{ $now }}")));
            }
            for (int i = 0; i < results.size(); i++) {
                assertThat(results.get(i).get()).startsWith((i % 20) * 2 + "|2024-");
            }
        }
    }

    @Test
    void aRunawayEvaluationDoesNotDisturbOthers() throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            Future<String> runaway = pool.submit(() -> {
                try {
                    return text("{{ (() => { while (true) {} })() }}");
                } catch (ExpressionException e) {
                    return e.getMessage();
                }
            });
            Future<String> normal = pool.submit(() -> {
                String last = null;
                for (int i = 0; i < 1000; i++) {
                    last = text("{{ [1, 2, 3].map(x => x + " + (i % 3) + ").join() }}");
                }
                return last;
            });
            assertThat(normal.get()).isEqualTo("1,2,3");
            assertThat(runaway.get()).contains("exceeded the");
        }
    }
}
