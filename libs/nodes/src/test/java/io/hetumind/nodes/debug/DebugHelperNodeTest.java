package io.hetumind.nodes.debug;

import static io.hetumind.nodes.NodeTests.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.OnError;
import io.hetumind.core.spi.Json;
import io.hetumind.nodes.NodeTests;
import io.hetumind.nodes.credentials.NodeRunner;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DebugHelperNodeTest {

    private static final List<Item> TWO =
            List.of(Item.of(Json.object().put("n", 1)), Item.of(Json.object().put("n", 2)));

    private static ExecutionResult run(String params) {
        return new NodeRunner(new DebugHelperNode()).run(1, json(params), TWO);
    }

    private static List<Item> ok(ExecutionResult r) {
        assertThat(r.status()).as("error %s", r.state().error()).isEqualTo(ExecutionStatus.SUCCESS);
        return r.output("Node", 0);
    }

    @Test
    void doNothingOutputsNothingAsNEightNDoes() {
        assertThat(ok(run("{'category': 'doNothing'}"))).isEmpty();
    }

    @Test
    void throwErrorFailsWithTheMessageOrMakesErrorItemsInLine() {
        assertThat(NodeTests.error(run("{'category': 'throwError', 'throwErrorType': 'NodeOperationError',"
                        + " 'throwErrorMessage': 'boom'}")))
                .isEqualTo("boom");
        assertThat(NodeTests.error(run("{'category': 'throwError'}"))).isEqualTo("Node has thrown an error");
        List<Item> out = ok(new NodeRunner(new DebugHelperNode())
                .onError(OnError.CONTINUE)
                .run(1, json("{'category': 'throwError', 'throwErrorType': 'Error', 'throwErrorMessage': 'x'}"), TWO));
        assertThat(out).extracting(i -> i.json().get("error").asText()).containsExactly("x", "x");
        assertThat(out).extracting(i -> i.pairedItem().item()).containsExactly(0, 1);
    }

    @Test
    void outOfMemoryAllocatesWithinTheCapAndReportsNEightNsKeys() {
        List<Item> out = ok(run("{'category': 'oom', 'memorySizeValue': 2}"));
        assertThat(out).hasSize(2);
        assertThat(out.getFirst().json().properties())
                .extracting(java.util.Map.Entry::getKey)
                .containsExactly("rss", "heapTotal", "heapUsed", "external", "arrayBuffers");
        assertThat(out.getFirst().json().get("heapUsed").asLong()).isPositive();
        assertThat(NodeTests.error(run("{'category': 'oom', 'memorySizeValue': 100000}")))
                .contains("over this host's limit of 64 MB")
                .contains(DebugHelperNode.MAX_MEMORY_PROPERTY);
    }

    @Test
    void randomUsersHaveNEightNsShapeAndASeedRepeatsThemPerItem() {
        List<Item> out = ok(run("{'category': 'randomData', 'randomDataSeed': 'ria', 'randomDataCount': 3}"));
        assertThat(out).hasSize(6);
        assertThat(out).allSatisfy(i -> assertThat(Set.copyOf(names(i)))
                .isEqualTo(Set.of("uid", "email", "firstname", "lastname", "password")));
        assertThat(out.subList(0, 3))
                .extracting(Item::json)
                .isEqualTo(out.subList(3, 6).stream().map(Item::json).toList());
        assertThat(out).extracting(i -> i.pairedItem().item()).containsExactly(0, 0, 0, 1, 1, 1);
        assertThat(out.getFirst().json().get("uid").asText())
                .matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        List<Item> again = ok(run("{'category': 'randomData', 'randomDataSeed': 'ria', 'randomDataCount': 3}"));
        assertThat(again)
                .extracting(Item::json)
                .isEqualTo(out.stream().map(Item::json).toList());
        List<Item> other = ok(run("{'category': 'randomData', 'randomDataSeed': 'other', 'randomDataCount': 3}"));
        assertThat(other.getFirst().json()).isNotEqualTo(out.getFirst().json());
    }

    @Test
    void everyDataTypeHasItsFieldsAndFormats() {
        String[][] cases = {
            {"address", "firstname,lastname,street,city,zip,state,country"},
            {"latLong", "location"},
            {"creditCard", "type,number,ccv,exp,holder_name"},
            {"email", "email,confirmed"},
            {"ipv4", "ip"},
            {"ipv6", "ipv6"},
            {"macAddress", "mac"},
            {"nanoid", "nanoId"},
            {"url", "url"},
            {"uuid", "uuid"},
            {"semver", "version"}
        };
        for (String[] c : cases) {
            Item item = ok(new NodeRunner(new DebugHelperNode())
                            .run(
                                    1,
                                    json("{'category': 'randomData', 'randomDataType': '" + c[0]
                                            + "', 'randomDataCount': 1}"),
                                    null))
                    .getFirst();
            assertThat(String.join(",", names(item))).as(c[0]).isEqualTo(c[1]);
        }
        Item card = ok(new NodeRunner(new DebugHelperNode())
                        .run(
                                1,
                                json(
                                        "{'category': 'randomData', 'randomDataType': 'creditCard', 'randomDataCount': 1}"),
                                null))
                .getFirst();
        assertThat(luhn(card.json().get("number").asText())).isTrue();
        assertThat(card.json().get("exp").asText()).matches("(0[1-9]|1[0-2])/(0[1-9]|[1-3][0-9]|40)");
        Item nano = ok(new NodeRunner(new DebugHelperNode())
                        .run(
                                1,
                                json("{'category': 'randomData', 'randomDataType': 'nanoid', 'nanoidAlphabet': 'ab',"
                                        + " 'nanoidLength': '5', 'randomDataCount': 1}"),
                                null))
                .getFirst();
        assertThat(nano.json().get("nanoId").asText()).matches(Pattern.compile("[ab]{5}"));
    }

    @Test
    void aSingleArrayHoldsEveryRecordAndBadCountsAreRefused() {
        List<Item> out = ok(run("{'category': 'randomData', 'randomDataType': 'uuid', 'randomDataCount': 4,"
                + " 'randomDataSingleArray': true}"));
        assertThat(out).hasSize(2);
        assertThat(out.getFirst().json().get("generatedItems")).hasSize(4);
        assertThat(NodeTests.error(run("{'category': 'randomData', 'randomDataCount': 5000000}")))
                .contains("outside 0");
        assertThat(NodeTests.error(
                        run("{'category': 'randomData', 'randomDataType': 'nanoid', 'nanoidLength': 'ten'}")))
                .contains("'ten' is not a whole number");
    }

    private static List<String> names(Item item) {
        List<String> names = new java.util.ArrayList<>();
        item.json().fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static boolean luhn(String digits) {
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = digits.charAt(digits.length() - 1 - i) - '0';
            if (i % 2 == 1) {
                d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            }
            sum += d;
        }
        return digits.length() == 16 && sum % 10 == 0;
    }
}
