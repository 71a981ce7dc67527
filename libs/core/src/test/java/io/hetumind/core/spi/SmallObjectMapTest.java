package io.hetumind.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The compact object children behave as the LinkedHashMap Jackson would use, on both sides of the size limit. */
class SmallObjectMapTest {

    @Test
    void randomOperationsMatchALinkedHashMapAcrossTheSizeLimit() {
        for (long seed = 0; seed < 300; seed++) {
            Random random = new Random(seed);
            var small = new SmallObjectMap();
            var reference = new LinkedHashMap<String, JsonNode>();
            int keys = 1 + random.nextInt(SmallObjectMap.SMALL * 2 + 4);
            for (int step = 0; step < 200; step++) {
                String key = "k" + random.nextInt(keys);
                JsonNode value = IntNode.valueOf(random.nextInt(1000));
                switch (random.nextInt(9)) {
                    case 0, 1, 2 -> assertThat(small.put(key, value)).isEqualTo(reference.put(key, value));
                    case 3 -> assertThat(small.remove(key)).isEqualTo(reference.remove(key));
                    case 4 -> assertThat(small.get(key)).isEqualTo(reference.get(key));
                    case 5 -> assertThat(small.containsKey(key)).isEqualTo(reference.containsKey(key));
                    case 6 -> removeEvery(small, reference, random.nextInt(3) + 2);
                    case 7 -> setEvery(small, reference, random.nextInt(100));
                    default -> {
                        if (random.nextInt(20) == 0) {
                            small.clear();
                            reference.clear();
                        }
                    }
                }
                assertThat(new ArrayList<>(small.entrySet()))
                        .as("seed %d step %d", seed, step)
                        .containsExactlyElementsOf(new ArrayList<>(reference.entrySet()));
                assertThat(small).isEqualTo(reference);
                assertThat(small.hashCode()).isEqualTo(reference.hashCode());
                assertThat(small.size()).isEqualTo(reference.size());
            }
        }
    }

    private static void removeEvery(Map<String, JsonNode> small, Map<String, JsonNode> reference, int nth) {
        for (var map : List.of(small, reference)) {
            int i = 0;
            for (Iterator<?> it = map.entrySet().iterator(); it.hasNext(); i++) {
                it.next();
                if (i % nth == 0) {
                    it.remove();
                }
            }
        }
    }

    private static void setEvery(Map<String, JsonNode> small, Map<String, JsonNode> reference, int value) {
        for (var map : List.of(small, reference)) {
            for (var e : map.entrySet()) {
                e.setValue(IntNode.valueOf(value + e.getValue().intValue()));
            }
        }
    }

    @Test
    void aReplacedFieldKeepsItsPlaceAndARemovedOneLeavesNoGap() {
        ObjectNode node = Json.object().put("a", 1).put("b", 2).put("c", 3);
        node.put("a", 10);
        node.remove("b");
        node.put("d", 4);
        assertThat(Json.write(node)).isEqualTo("{\"a\":10,\"c\":3,\"d\":4}");
    }

    @Test
    void iteratorsFailFastOnAChangeTheyDidNotMake() {
        var map = new SmallObjectMap();
        map.put("a", IntNode.valueOf(1));
        map.put("b", IntNode.valueOf(2));
        Iterator<Map.Entry<String, JsonNode>> it = map.entrySet().iterator();
        it.next();
        map.put("c", IntNode.valueOf(3));
        assertThatThrownBy(it::next).isInstanceOf(ConcurrentModificationException.class);
        assertThatThrownBy(() -> map.forEach((k, v) -> map.remove("a")))
                .isInstanceOf(ConcurrentModificationException.class);
    }

    @Test
    void anEntryStaysUsableAfterOtherFieldsChange() {
        var map = new SmallObjectMap();
        map.put("a", IntNode.valueOf(1));
        map.put("b", IntNode.valueOf(2));
        var entries = new ArrayList<>(map.entrySet());
        map.remove("a");
        assertThat(entries.get(1).getValue()).isEqualTo(IntNode.valueOf(2));
        entries.get(1).setValue(IntNode.valueOf(20));
        assertThat(map.get("b")).isEqualTo(IntNode.valueOf(20));
        assertThat(entries.get(0).getValue())
                .as("a removed entry keeps its last value")
                .isEqualTo(IntNode.valueOf(1));
    }

    @Test
    void everyTreeTheSharedConfigurationMakesIsCompactAndEqualsJacksonsOwn() throws Exception {
        String text = "{\"z\":1,\"a\":{\"deep\":[{\"x\":true},{\"y\":null}]},\"many\":{"
                + String.join(
                        ",",
                        java.util.stream.IntStream.range(0, 40)
                                .mapToObj(i -> "\"f" + i + "\":" + i)
                                .toList())
                + "}}";
        JsonNode ours = Json.parse(text);
        JsonNode jacksons = new ObjectMapper().readTree(text);
        assertThat(ours).isEqualTo(jacksons);
        assertThat(jacksons).isEqualTo(ours);
        assertThat(Json.write(ours)).isEqualTo(new ObjectMapper().writeValueAsString(jacksons));
        assertThat(children(ours)).isInstanceOf(SmallObjectMap.class);
        assertThat(children(ours.get("a").get("deep").get(0))).isInstanceOf(SmallObjectMap.class);
        assertThat(children(ours.deepCopy())).isInstanceOf(SmallObjectMap.class);
        assertThat(children(Json.valueToTree(Map.of("k", 1)))).isInstanceOf(SmallObjectMap.class);
        assertThat(children(Json.object())).isInstanceOf(SmallObjectMap.class);
        assertThat(ours.get("many").get("f39").intValue()).isEqualTo(39);
        assertThat(ours.get("many").size()).isEqualTo(40);
        assertThat(Json.write(ours.get("many"))).startsWith("{\"f0\":0,\"f1\":1,");
    }

    @Test
    void aFrozenTreeRefusesEveryChangeSmallOrLarge() {
        ObjectNode small = Json.object().put("a", 1);
        ObjectNode large = Json.object();
        for (int i = 0; i <= SmallObjectMap.SMALL; i++) {
            large.put("f" + i, i);
        }
        var array = Json.array().add(1).add(2);
        ObjectNode root = Json.object();
        root.set("small", small);
        root.set("large", large);
        root.set("array", array);
        assertThat(Json.freeze(root)).isTrue();
        for (ObjectNode node : List.of(root, small, large)) {
            assertThatThrownBy(() -> node.put("new", 1)).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> node.put("a", 2)).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> node.remove("a")).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(node::removeAll).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> node.properties().iterator().next().setValue(IntNode.valueOf(0)))
                    .isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> {
                        var it = node.properties().iterator();
                        it.next();
                        it.remove();
                    })
                    .isInstanceOf(UnsupportedOperationException.class);
        }
        assertThatThrownBy(() -> array.add(3)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> array.set(0, IntNode.valueOf(9))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> array.insert(0, 9)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> array.remove(0)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(array::removeAll).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> {
                    var it = array.elements();
                    it.next();
                    it.remove();
                })
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(Json.write(root)).startsWith("{\"small\":{\"a\":1},\"large\":{\"f0\":0,");
        ObjectNode copy = root.deepCopy();
        copy.with("small").put("a", 2);
        copy.withArray("array").add(3);
        assertThat(Json.isFrozen(copy)).isFalse();
        assertThat(small.get("a").intValue()).isEqualTo(1);
    }

    @Test
    void aTreeWithAForeignPartStaysUnfrozenAboveItAndItsFrozenCopyIsWhole() throws Exception {
        ObjectNode root = Json.object().put("a", 1);
        root.set("foreign", new ObjectMapper().readTree("{\"b\":[1,2]}"));
        root.putObject("mine").put("c", 3);
        assertThat(Json.freeze(root)).isFalse();
        assertThat(Json.freeze(root)).as("asked again").isFalse();
        assertThat(Json.isFrozen(root)).isFalse();
        assertThat(Json.isFrozen(root.get("mine"))).isTrue();
        ObjectNode copy = Json.frozenCopy(root);
        assertThat(copy).isNotSameAs(root).isEqualTo(root);
        assertThat(Json.isFrozen(copy)).isTrue();
        assertThat(Json.isFrozen(copy.get("foreign"))).isTrue();
        assertThat(Json.isFrozen(copy.get("foreign").get("b"))).isTrue();
        root.put("still", "changeable");
        assertThat(copy.has("still")).isFalse();
    }

    @Test
    void aDeepCopyIsEqualUnfrozenAndIndependentSmallOrLarge() {
        ObjectNode root = Json.object().put("a", 1);
        ObjectNode large = root.putObject("large");
        for (int i = 0; i <= SmallObjectMap.SMALL; i++) {
            large.putObject("f" + i).putArray("xs").add(i);
        }
        Json.freeze(root);
        ObjectNode copy = root.deepCopy();
        assertThat(copy).isEqualTo(root).isNotSameAs(root);
        assertThat(Json.write(copy)).isEqualTo(Json.write(root));
        assertThat(Json.isFrozen(copy)
                        || Json.isFrozen(copy.get("large").get("f3").get("xs")))
                .isFalse();
        copy.with("large").with("f3").withArray("xs").add(99);
        copy.put("a", 2);
        assertThat(root.get("large").get("f3").get("xs").size()).isEqualTo(1);
        assertThat(root.get("a").intValue()).isEqualTo(1);
        assertThat(Json.object().deepCopy()).isEqualTo(Json.object());
    }

    private static Object children(JsonNode node) throws ReflectiveOperationException {
        Field f = ObjectNode.class.getDeclaredField("_children");
        f.setAccessible(true);
        return f.get(node);
    }
}
