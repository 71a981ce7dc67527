package io.hetumind.nodes.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Clients by key, the {@code capacity} used last kept open; one pushed out is closed once the exchanges that hold it
 * are done, so a long request is never cut off and a process that sees many keys (certificates rotated, many
 * credentials) does not keep a connection pool and a TLS context for each forever.
 */
final class LeasedClients<C extends AutoCloseable> {

    /** A client in use by one exchange; release it when the exchange is done. */
    final class Lease {
        private final Held held;
        private boolean released;

        private Lease(Held held) {
            this.held = held;
        }

        C client() {
            return held.client;
        }

        void release() {
            synchronized (LeasedClients.this) {
                if (released) {
                    return;
                }
                released = true;
                held.users--;
                if (held.evicted && held.users == 0) {
                    close(held.client);
                }
            }
        }
    }

    private final class Held {
        final C client;
        int users;
        boolean evicted;

        Held(C client) {
            this.client = client;
        }
    }

    private final Map<String, Held> clients;

    LeasedClients(int capacity) {
        this.clients = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Held> eldest) {
                if (size() <= capacity) {
                    return false;
                }
                Held h = eldest.getValue();
                h.evicted = true;
                if (h.users == 0) {
                    close(h.client);
                }
                return true;
            }
        };
    }

    /** The client for {@code key} ({@code create}d on first use), held until the lease is released. */
    synchronized Lease lease(String key, Supplier<C> create) {
        Held h = clients.get(key);
        if (h == null) {
            h = new Held(create.get());
            clients.put(key, h);
        }
        h.users++;
        return new Lease(h);
    }

    /** How many clients are kept open (for tests and metrics). */
    synchronized int size() {
        return clients.size();
    }

    private static void close(AutoCloseable client) {
        try {
            client.close();
        } catch (Exception e) {
            // a client that fails to close holds nothing more we could free
        }
    }
}
