package io.hetumind.core.spi.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hetumind.core.format.WorkflowFormat;
import io.hetumind.core.model.Workflow;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

class ActiveTriggersTest {

    /** A listening trigger whose target is its 'topic' parameter; 'npe' and 'refuse' fail as a buggy or strict node. */
    static final class Listener implements NodeType, ListenTrigger {
        @Override
        public NodeDescriptor descriptor() {
            return NodeDescriptor.builder("test.listen")
                    .displayName("Listen")
                    .trigger(TriggerSpec.of(TriggerKind.LISTEN, "on events"))
                    .build();
        }

        @Override
        public String target(TriggerParams params) {
            String topic = params.string("topic", "");
            if (topic.equals("npe")) {
                throw new NullPointerException();
            }
            if (topic.equals("boom")) {
                throw new IllegalStateException("no such broker");
            }
            if (topic.equals("refuse")) {
                throw new TriggerConfigException(params.node().name(), "topic", "is not a topic");
            }
            return "topic " + topic;
        }

        @Override
        public AutoCloseable listen(TriggerParams params, ListenContext ctx) {
            return () -> {};
        }

        @Override
        public NodeResult execute(NodeContext ctx) {
            throw new UnsupportedOperationException();
        }
    }

    private static final NodeRegistry REGISTRY = NodeRegistry.of(List.of(new Listener()));

    private static Workflow workflow(String topic) {
        return WorkflowFormat.readJson(
                """
                {"name":"w","nodes":[{"name":"On event","type":"test.listen","typeVersion":1,
                  "parameters":{"topic":"%s"}}],"connections":{}}
                """
                        .formatted(topic));
    }

    @Test
    void aTargetIsReadThroughTheHostsCalls() {
        List<String> calls = new ArrayList<>();
        ActiveTriggers.Calls recording = new ActiveTriggers.Calls() {
            @Override
            public <T> T call(NodeType type, String what, Callable<T> body) throws Exception {
                calls.add(type.descriptor().type() + ": " + what);
                return body.call();
            }
        };
        List<ActiveTriggers.Entry> entries = ActiveTriggers.of(workflow("a/b"), REGISTRY, recording);
        assertThat(entries).singleElement().satisfies(e -> {
            assertThat(e.node()).isEqualTo("On event");
            assertThat(e.listensTo()).isEqualTo("topic a/b");
        });
        assertThat(calls).containsExactly("test.listen: listening target of test.listen");
    }

    @Test
    void aNamedParameterStaysNamedAndAnyOtherFailureNamesTheNode() {
        assertThatThrownBy(() -> ActiveTriggers.of(workflow("refuse"), REGISTRY))
                .isInstanceOfSatisfying(TriggerConfigException.class, e -> {
                    assertThat(e.node()).isEqualTo("On event");
                    assertThat(e.parameter()).isEqualTo("topic");
                });
        assertThatThrownBy(() -> ActiveTriggers.of(workflow("boom"), REGISTRY))
                .isInstanceOfSatisfying(TriggerConfigException.class, e -> {
                    assertThat(e.node()).isEqualTo("On event");
                    assertThat(e.parameter()).isNull();
                    assertThat(e).hasMessage("node 'On event': its trigger settings cannot be read: no such broker");
                    assertThat(e.getCause()).isInstanceOf(IllegalStateException.class);
                });
        assertThatThrownBy(() -> ActiveTriggers.of(workflow("npe"), REGISTRY))
                .hasMessage("node 'On event': its trigger settings cannot be read: java.lang.NullPointerException");
        // what a guarding host reports (a plugin that hung, say) is kept as it says it
        ActiveTriggers.Calls failing = new ActiveTriggers.Calls() {
            @Override
            public <T> T call(NodeType type, String what, Callable<T> body) throws Exception {
                throw new Exception("plugin acme@1.0.0: its " + what + " did not finish within 30000 ms");
            }
        };
        assertThatThrownBy(() -> ActiveTriggers.of(workflow("a"), REGISTRY, failing))
                .hasMessage("node 'On event': its trigger settings cannot be read: plugin acme@1.0.0: its listening"
                        + " target of test.listen did not finish within 30000 ms");
    }
}
