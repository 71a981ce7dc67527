package io.hetumind.core.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.core.model.Item;
import io.hetumind.core.model.PairedItem;
import io.hetumind.core.spi.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/** n8n's three spellings of pairedItem read, and an item paired with several input items written as n8n's array. */
class ItemPairingCodecTest {

    @Test
    void oneTwoOrNoPairingsRoundTripInN8nsShapes() {
        Item one = Item.of(Json.object().put("a", 1)).withPairedItem(3);
        assertThat(ItemCodec.write(one).get("pairedItem").toString()).isEqualTo("{\"item\":3}");
        Item many = Item.of(Json.object())
                .withPairedItems(List.of(PairedItem.of(0, 0), PairedItem.of(2, 1), PairedItem.of(5, 0)));
        assertThat(ItemCodec.write(many).get("pairedItem").toString())
                .isEqualTo("[{\"item\":0},{\"item\":2,\"input\":1},{\"item\":5}]");
        assertThat(ItemCodec.read(ItemCodec.write(many), "$")).isEqualTo(many);
        assertThat(ItemCodec.read(ItemCodec.write(one), "$")).isEqualTo(one);
        Item none = Item.of(Json.object());
        assertThat(ItemCodec.write(none).has("pairedItem")).isFalse();
        assertThat(ItemCodec.read(ItemCodec.write(none), "$").pairedItems()).isEmpty();
    }

    @Test
    void anEmptyArrayAndASourceOverwriteRoundTrip() {
        Item none = ItemCodec.read(Json.parse("{\"json\":{},\"pairedItem\":[]}"), "$");
        assertThat(none.explicitlyUnpaired()).isTrue();
        assertThat(none.pairedItems()).isEmpty();
        assertThat(ItemCodec.write(none).get("pairedItem").toString()).isEqualTo("[]");
        assertThat(none.withJson(Json.object().put("a", 1)).explicitlyUnpaired())
                .isTrue();
        assertThat(ItemCodec.read(Json.parse("{\"json\":{}}"), "$").explicitlyUnpaired())
                .isFalse();
        String overwrite = "{\"item\":2,\"sourceOverwrite\":{\"previousNode\":\"Data\",\"previousNodeOutput\":0,"
                + "\"previousNodeRun\":1}}";
        Item loop = ItemCodec.read(Json.parse("{\"json\":{},\"pairedItem\":" + overwrite + "}"), "$");
        assertThat(loop.pairedItem().sourceOverwrite()).isEqualTo(new PairedItem.Source("Data", 0, 1));
        assertThat(ItemCodec.write(loop).get("pairedItem").toString()).isEqualTo(overwrite);
    }

    @Test
    void aBareIndexAndAnArrayAreReadAsN8nWritesThem() {
        Item bare = ItemCodec.read(Json.parse("{\"json\":{},\"pairedItem\":4}"), "$");
        assertThat(bare.pairedItems()).containsExactly(PairedItem.of(4, 0));
        Item array =
                ItemCodec.read(Json.parse("{\"json\":{},\"pairedItem\":[{\"item\":1},{\"item\":0,\"input\":1}]}"), "$");
        assertThat(array.pairedItem()).isEqualTo(PairedItem.of(1, 0));
        assertThat(array.otherPairs()).containsExactly(PairedItem.of(0, 1));
        assertThat(array.withJson(Json.object().put("b", 2)).pairedItems()).hasSize(2);
        assertThat(array.withPairedItem(7).pairedItems()).containsExactly(PairedItem.of(7, 0));
        assertThat(Item.of(Json.object()).pairedWithFirst(3).pairedItems())
                .containsExactly(PairedItem.of(0, 0), PairedItem.of(1, 0), PairedItem.of(2, 0));
        assertThat(Item.of(Json.object()).pairedWithFirst(0).pairedItem()).isNull();
    }
}
