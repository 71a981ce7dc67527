package io.hetumind.core.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.core.model.Item;
import io.hetumind.core.model.PairedItem;
import java.util.List;
import org.junit.jupiter.api.Test;

/** n8n's {@code WorkflowExecute.assignPairedItems}, applied by the engine to the items a node left unpaired. */
class PairingRuleTest {

    private static List<Item> items(int n) {
        return java.util.stream.IntStream.range(0, n)
                .mapToObj(i -> Item.empty())
                .toList();
    }

    private static List<Integer> pairing(List<Item> port) {
        return port.stream()
                .map(i -> i.pairedItem() == null ? -1 : i.pairedItem().item())
                .toList();
    }

    @Test
    void oneInputItemPairsEveryOutputItemWithIt() {
        var out = NodeInvoker.paired(List.of(items(3), items(1)), List.of(items(1)));
        assertThat(pairing(out.get(0))).containsExactly(0, 0, 0);
        assertThat(pairing(out.get(1))).containsExactly(0);
    }

    @Test
    void anEmptyPairingArrayIsLeftAsItIs() {
        // n8n assigns only where pairedItem is undefined; an item a node paired with [] stays unpaired
        Item none = Item.empty().withPairedItems(Item.NO_PAIRS);
        var out = NodeInvoker.paired(List.of(List.of(Item.empty(), none, Item.empty())), List.of(items(3)));
        assertThat(pairing(out.getFirst())).containsExactly(0, -1, 2);
        assertThat(out.getFirst().get(1).explicitlyUnpaired()).isTrue();
    }

    @Test
    void sameLengthPairsByIndex() {
        var out = NodeInvoker.paired(List.of(items(3)), List.of(items(3)));
        assertThat(pairing(out.getFirst())).containsExactly(0, 1, 2);
    }

    @Test
    void oneOutputItemFromSeveralPairsWithTheFirst() {
        var out = NodeInvoker.paired(List.of(items(1)), List.of(items(4)));
        assertThat(pairing(out.getFirst())).containsExactly(0);
    }

    @Test
    void otherwiseItemsStayUnpairedAndPairedOnesKeepTheirs() {
        assertThat(pairing(
                        NodeInvoker.paired(List.of(items(2)), List.of(items(3))).getFirst()))
                .containsExactly(-1, -1);
        assertThat(pairing(NodeInvoker.paired(List.of(items(2)), List.of(items(2), items(2)))
                        .getFirst()))
                .containsExactly(-1, -1);
        List<Item> paired = List.of(new Item(Item.empty().json(), java.util.Map.of(), PairedItem.of(2, 1)));
        assertThat(NodeInvoker.paired(List.of(paired), List.of(items(1)))
                        .getFirst()
                        .getFirst()
                        .pairedItem())
                .isEqualTo(PairedItem.of(2, 1));
    }
}
