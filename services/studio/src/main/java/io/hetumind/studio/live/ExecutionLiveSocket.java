package io.hetumind.studio.live;

import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.PathParam;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import java.util.UUID;

/**
 * {@code /ws/executions/{id}}: the node events and status changes of one execution, each a text frame holding the
 * notice JSON (services/studio/README.md); clients read item data from the executions API. Authenticated by
 * {@link LiveUpgradeCheck}.
 */
@WebSocket(path = "/ws/executions/{id}")
public class ExecutionLiveSocket {
    static final String PREFIX = "/ws/executions/";

    private final ExecutionEvents events;

    public ExecutionLiveSocket(ExecutionEvents events) {
        this.events = events;
    }

    @OnOpen
    @NonBlocking
    void open(WebSocketConnection conn, @PathParam("id") String id) {
        UUID tenant = UUID.fromString(conn.userData().get(LiveUpgradeCheck.TENANT));
        LiveSession.open(conn, s -> events.execution(id, tenant, s::send));
    }

    @OnClose
    void close(WebSocketConnection conn) {
        LiveSession.closed(conn);
    }
}
