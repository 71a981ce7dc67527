package io.hetumind.nodes.flow;

import static io.hetumind.nodes.NodeTests.error;
import static io.hetumind.nodes.NodeTests.items;
import static io.hetumind.nodes.NodeTests.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.model.Node;
import io.hetumind.core.spi.trigger.WebhookSpec;
import io.hetumind.nodes.NodeTests;
import org.junit.jupiter.api.Test;

class WaitNodeTest {

    private final WaitNode node = new WaitNode();

    @Test
    void parksTheExecutionForAnInterval() {
        var r = run(node, 1.1, "{'resume':'timeInterval','amount':2,'unit':'minutes'}", items("[{'a':1}]"));
        assertThat(r.status()).isEqualTo(ExecutionStatus.WAITING);
        assertThat(r.state().waiting()).hasSize(1);
    }

    @Test
    void anIntervalLeftAtItsDefaultsIsAnHourInVersion1AndFiveSecondsLater() {
        // n8n 2.8's defaults; an n8n export leaves out parameters at their defaults
        for (String params : new String[] {"{}", "{'resume':'timeInterval'}"}) {
            var v1 = run(node, 1, params, items("[{}]")).state().waiting().getFirst();
            assertThat(v1.until() - v1.startTime()).isBetween(3_600_000L, 3_601_000L);
        }
        var minutes = run(node, 1.1, "{'unit':'minutes'}", items("[{}]"))
                .state()
                .waiting()
                .getFirst();
        assertThat(minutes.until() - minutes.startTime()).isBetween(300_000L, 301_000L);
        var hours =
                run(node, 1, "{'amount':3}", items("[{}]")).state().waiting().getFirst();
        assertThat(hours.until() - hours.startTime()).isBetween(10_800_000L, 10_801_000L);
        // the limit of a webhook wait keeps an hour in both versions
        var limit = run(node, 1.1, "{'resume':'webhook','limitWaitTime':true}", items("[{}]"))
                .state()
                .waiting()
                .getFirst();
        assertThat(limit.until() - limit.startTime()).isBetween(3_600_000L, 3_601_000L);
        // five seconds is short enough to be waited out in the run, as n8n does below 65 s
        long start = System.nanoTime();
        var v11 = run(node, 1.1, "{}", items("[{'a':1}]"));
        assertThat(v11.status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(System.nanoTime() - start).isBetween(4_900_000_000L, 60_000_000_000L);
    }

    @Test
    void webhookWaitsUntilResumedAndSpecificTimeIsValidated() {
        assertThat(run(node, 1.1, "{'resume':'webhook'}", items("[{}]")).status())
                .isEqualTo(ExecutionStatus.WAITING);
        assertThat(error(run(node, 1.1, "{'resume':'specificTime','dateTime':'soon'}", items("[{}]"))))
                .contains("parameter 'dateTime'");
        assertThat(error(run(node, 1.1, "{'amount':-1}", items("[{}]")))).contains("amount");
    }

    @Test
    void webhookWaitWithALimitGoesOnByItselfAtTheLimit() {
        // without a limit the run waits for the call however long (until -1); with one it is due at the limit
        var open = run(node, 1, "{'resume':'webhook'}", items("[{}]"));
        assertThat(open.state().waiting().getFirst().until()).isEqualTo(-1);
        var limited = run(
                node,
                1,
                "{'resume':'webhook','limitWaitTime':true,'resumeAmount':7,'resumeUnit':'seconds'}",
                items("[{}]"));
        var w = limited.state().waiting().getFirst();
        assertThat(w.until() - w.startTime()).isBetween(7_000L, 8_000L);
        var at = run(
                node,
                1,
                "{'resume':'webhook','limitWaitTime':true,'limitType':'atSpecifiedTime',"
                        + "'maxDateAndTime':'2999-01-01T00:00:00Z'}",
                items("[{}]"));
        assertThat(at.state().waiting().getFirst().until())
                .isEqualTo(java.time.Instant.parse("2999-01-01T00:00:00Z").toEpochMilli());
        assertThat(error(run(
                        node,
                        1,
                        "{'resume':'webhook','limitWaitTime':true,'resumeAmount':1,'resumeUnit':'weeks'}",
                        items("[{}]"))))
                .contains("parameter 'resumeUnit'");
    }

    @Test
    void onlyAWaitOnWebhookCallWaitsForACallToTheResumeUrlWithOrWithoutALimit() {
        assertThat(waitsForCall("{'resume':'webhook'}")).isTrue();
        assertThat(waitsForCall("{'resume':'webhook','limitWaitTime':true,'resumeAmount':1}"))
                .isTrue();
        assertThat(waitsForCall("{'resume':'timeInterval','amount':1}")).isFalse();
        assertThat(waitsForCall("{'resume':'specificTime','dateTime':'2030-01-01T00:00:00Z'}"))
                .isFalse();
        assertThat(waitsForCall("{}"))
                .as("n8n's default: after a time interval")
                .isFalse();
        assertThat(waitsForCall("{'resume':'={{ $json.mode }}'}")).isFalse();
    }

    @Test
    void aCallIsTheWebhookTheWaitDescribesGetWithoutSuffixAnsweredAtOnceByDefault() {
        WebhookSpec plain = callSpec("{'resume':'webhook'}");
        assertThat(plain.methods()).containsExactly("GET");
        assertThat(plain.path()).isEmpty();
        assertThat(plain.responseMode()).isEqualTo(WebhookSpec.ResponseMode.ON_RECEIVED);
        assertThat(plain.responseCode()).isEqualTo(200);
        assertThat(plain.authentication()).isEqualTo("none");

        WebhookSpec set = callSpec(
                "{'resume':'webhook','httpMethod':'PUT','responseMode':'lastNode','responseCode':201,"
                        + "'responseData':'allEntries','incomingAuthentication':'headerAuth','options':{'webhookSuffix':' /ok/ '}}");
        assertThat(set.methods()).containsExactly("PUT");
        assertThat(set.path())
                .as("the suffix as the URL ends, without its slashes")
                .isEqualTo("ok");
        assertThat(set.responseMode()).isEqualTo(WebhookSpec.ResponseMode.LAST_NODE);
        assertThat(set.responseCode()).isEqualTo(201);
        assertThat(set.responseData()).isEqualTo("allEntries");
        assertThat(set.authentication()).isEqualTo("headerAuth");
    }

    @Test
    void aCallSettingTheWaitDoesNotKnowIsNamed() {
        assertThatThrownBy(() -> callSpec("{'resume':'webhook','httpMethod':'TRACE'}"))
                .hasMessage("parameter 'httpMethod': unknown HTTP method 'TRACE'");
        assertThatThrownBy(() -> callSpec("{'resume':'webhook','responseMode':'streaming'}"))
                .hasMessage("parameter 'responseMode': a Wait cannot stream its answer");
        assertThatThrownBy(() -> callSpec("{'resume':'webhook','responseMode':'later'}"))
                .hasMessageStartingWith("parameter 'responseMode': unknown response mode 'later'");
        assertThatThrownBy(() -> callSpec("{'resume':'webhook','responseCode':42}"))
                .hasMessage("parameter 'responseCode': must be an HTTP status 100-599, got 42");
        assertThatThrownBy(() -> callSpec("{'resume':'webhook','incomingAuthentication':'oauth'}"))
                .hasMessage("parameter 'incomingAuthentication': unknown 'oauth'");
    }

    private WebhookSpec callSpec(String params) {
        return node.callSpec(Node.of("Wait", "n8n-nodes-base.wait", 1.1, NodeTests.json(params)));
    }

    private boolean waitsForCall(String params) {
        return node.waitsForCall(Node.of("Wait", "n8n-nodes-base.wait", 1.1, NodeTests.json(params)));
    }
}
