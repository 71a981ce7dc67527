package io.hetumind.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MapsTest {

    @Test
    void keepsTheOrderGivenRefusesNullsAndCopiesOnce() {
        Map<String, Integer> given = new LinkedHashMap<>();
        for (String k : new String[] {"zeta", "alpha", "mid", "beta", "omega", "a1", "b2"}) {
            given.put(k, k.length());
        }
        Map<String, Integer> copy = Maps.ordered(given);
        assertThat(copy.keySet()).containsExactly("zeta", "alpha", "mid", "beta", "omega", "a1", "b2");
        assertThat(copy).isEqualTo(given);
        given.put("late", 4);
        assertThat(copy).doesNotContainKey("late");
        assertThat(Maps.ordered(copy)).isSameAs(copy);
        assertThatThrownBy(() -> copy.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        Map<String, Integer> withNull = new HashMap<>();
        withNull.put("k", null);
        assertThatThrownBy(() -> Maps.ordered(withNull)).isInstanceOf(NullPointerException.class);
        assertThat(Maps.ordered(Map.of())).isEmpty();
    }
}
