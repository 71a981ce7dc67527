package io.hetumind.nodes.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Certificate clients: the ones used last stay open, one pushed out closes once nobody holds it. */
class LeasedClientsTest {

    private static final class Client implements AutoCloseable {
        final String key;
        boolean closed;

        Client(String key) {
            this.key = key;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void theClientsUsedLastStayAndAPushedOutOneClosesWhenItsLastExchangeEnds() {
        LeasedClients<Client> clients = new LeasedClients<>(2);
        List<Client> made = new ArrayList<>();
        java.util.function.Function<String, java.util.function.Supplier<Client>> maker = k -> () -> {
            Client c = new Client(k);
            made.add(c);
            return c;
        };
        var a = clients.lease("a", maker.apply("a"));
        clients.lease("b", maker.apply("b")).release();
        var a2 = clients.lease("a", maker.apply("a"));
        assertThat(a2.client()).as("one client per key").isSameAs(a.client());
        a2.release();
        a2.release(); // releasing twice counts once
        // "c" pushes out "b" (used before "a"): nobody holds it, so it closes at once
        clients.lease("c", maker.apply("c")).release();
        assertThat(made).extracting(c -> c.key + ":" + c.closed).containsExactly("a:false", "b:true", "c:false");
        // "d" pushes out "a", which an exchange still holds: it closes only when that exchange ends
        clients.lease("d", maker.apply("d")).release();
        assertThat(made.getFirst().closed).isFalse();
        a.release();
        assertThat(made.getFirst().closed).isTrue();
        assertThat(clients.size()).isEqualTo(2);
        // a key seen again after it was pushed out gets a new client
        var b = clients.lease("b", maker.apply("b"));
        assertThat(b.client()).isNotSameAs(made.get(1));
        assertThat(made).hasSize(5);
    }
}
