package io.hetumind.nodes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.NetworkPolicy;
import io.hetumind.core.spi.trigger.ListenContext;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A listening trigger's host as the studio's trigger host behaves for one node: it takes every emitted run, keeps the
 * node's saved state, and records reports of a broken listener (the studio would reopen it).
 */
public class TestListenHost implements ListenContext {

    public final BlockingQueue<List<Item>> emitted = new LinkedBlockingQueue<>();
    public final BlockingQueue<String> broken = new LinkedBlockingQueue<>();
    public volatile ObjectNode state;
    /** The host services a listener may ask for; a {@link NetworkPolicy} at least. */
    public final Map<Class<?>, Object> services = new ConcurrentHashMap<>();

    public TestListenHost() {
        this(NetworkPolicy.allowAll());
    }

    public TestListenHost(NetworkPolicy policy) {
        services.put(NetworkPolicy.class, policy);
    }

    @Override
    public String workflowId() {
        return "wf";
    }

    @Override
    public ZoneId zone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Optional<ObjectNode> credentials(String credentialType) {
        return Optional.empty();
    }

    @Override
    public <T> Optional<T> service(Class<T> type) {
        return Optional.ofNullable(services.get(type)).map(type::cast);
    }

    @Override
    public System.Logger log() {
        return System.getLogger("test");
    }

    @Override
    public void emit(List<Item> items) throws EmitRefusedException, InterruptedException {
        emitted.add(items);
    }

    @Override
    public Optional<ObjectNode> loadState() {
        return Optional.ofNullable(state);
    }

    @Override
    public void saveState(ObjectNode value) {
        state = value.deepCopy();
    }

    @Override
    public void broken(String reason, Throwable cause) {
        broken.add(reason);
    }
}
