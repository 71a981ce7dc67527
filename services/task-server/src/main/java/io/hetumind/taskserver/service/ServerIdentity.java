package io.hetumind.taskserver.service;

import io.hetumind.core.task.Uuid7;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** This replica's id, new at every start (a restarted server is a new member). */
@ApplicationScoped
public class ServerIdentity {
    private final UUID id = Uuid7.next();

    public UUID id() {
        return id;
    }
}
