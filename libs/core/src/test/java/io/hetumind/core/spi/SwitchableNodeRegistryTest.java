package io.hetumind.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A switchable registry answers from the registry put in last; others cannot be switched. */
class SwitchableNodeRegistryTest {

    @Test
    void answersFromTheRegistryPutInLast() {
        NodeType alpha = new LazyNodeRegistryTest.Alpha();
        NodeType beta = new LazyNodeRegistryTest.Beta();
        NodeRegistry first = NodeRegistry.of(List.of(alpha));
        NodeRegistry live = NodeRegistry.switchable(first);
        assertThat(live.find("x.alpha")).containsSame(alpha);
        assertThat(live.find("test.beta")).isEmpty();

        NodeRegistry previous = live.replace(NodeRegistry.of(List.of(beta)));

        assertThat(previous).isSameAs(first);
        assertThat(live.find("test.alpha")).isEmpty();
        assertThat(live.find("test.beta")).containsSame(beta);
        assertThat(live.all()).containsExactly(beta);
        assertThat(live.snapshot().find("test.beta")).containsSame(beta);
        assertThat(live.with(List.of(alpha)).all()).containsExactly(alpha, beta);
    }

    @Test
    void onlyASwitchableRegistryCanBeReplaced() {
        NodeRegistry plain = NodeRegistry.of(List.of());
        assertThatThrownBy(() -> plain.replace(NodeRegistry.of(List.of())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("only a switchable registry can be replaced");
        assertThat(plain.snapshot()).isSameAs(plain);
    }
}
