package io.hetumind.studio.live;

import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import java.util.UUID;

/**
 * {@code /ws/executions}: the status changes of every execution of the caller's tenant (the executions list's live
 * feed). Authenticated by {@link LiveUpgradeCheck}.
 */
@WebSocket(path = "/ws/executions")
public class TenantLiveSocket {
    private final ExecutionEvents events;

    public TenantLiveSocket(ExecutionEvents events) {
        this.events = events;
    }

    @OnOpen
    @NonBlocking
    void open(WebSocketConnection conn) {
        UUID tenant = UUID.fromString(conn.userData().get(LiveUpgradeCheck.TENANT));
        LiveSession.open(conn, s -> events.tenant(tenant, s::send));
    }

    @OnClose
    void close(WebSocketConnection conn) {
        LiveSession.closed(conn);
    }
}
