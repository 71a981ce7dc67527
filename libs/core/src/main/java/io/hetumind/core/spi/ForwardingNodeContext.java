package io.hetumind.core.spi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Node;
import io.hetumind.core.model.PairedItem;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link NodeContext} that answers as {@code delegate} does, so a wrapper overrides only what it changes (a node
 * that runs another node's code under its own parameter names, for instance). What the interfaces derive from other
 * answers ({@code items()}, {@code param(path, type)}, {@code onError()}, {@code attachedOne}) is derived from this
 * context's answers, so an override is seen there too.
 */
public abstract class ForwardingNodeContext implements NodeContext {

    private final NodeContext delegate;

    protected ForwardingNodeContext(NodeContext delegate) {
        this.delegate = java.util.Objects.requireNonNull(delegate, "delegate");
    }

    protected final NodeContext delegate() {
        return delegate;
    }

    @Override
    public Node node() {
        return delegate.node();
    }

    @Override
    public String workflowId() {
        return delegate.workflowId();
    }

    @Override
    public String workflowName() {
        return delegate.workflowName();
    }

    @Override
    public java.util.List<Node> workflowNodes() {
        return delegate.workflowNodes();
    }

    @Override
    public String executionId() {
        return delegate.executionId();
    }

    @Override
    public String mode() {
        return delegate.mode();
    }

    @Override
    public int runIndex() {
        return delegate.runIndex();
    }

    @Override
    public Instant now() {
        return delegate.now();
    }

    @Override
    public ZoneId zone() {
        return delegate.zone();
    }

    @Override
    public ZoneId processZone() {
        return delegate.processZone();
    }

    @Override
    public boolean canceled() {
        return delegate.canceled();
    }

    @Override
    public void log(String line) {
        delegate.log(line);
    }

    @Override
    public int inputCount() {
        return delegate.inputCount();
    }

    @Override
    public Optional<PairedItem.Source> inputSource(int index) {
        return delegate.inputSource(index);
    }

    @Override
    public List<Item> input(int index) {
        return delegate.input(index);
    }

    @Override
    public <T> T param(String path, int itemIndex, Class<T> type) {
        return delegate.param(path, itemIndex, type);
    }

    @Override
    public <T> T param(String path, int itemIndex, Class<T> type, T fallback) {
        return delegate.param(path, itemIndex, type, fallback);
    }

    @Override
    public JsonNode paramTree(String path, int itemIndex) {
        return delegate.paramTree(path, itemIndex);
    }

    @Override
    public JsonNode rawParam(String path) {
        return delegate.rawParam(path);
    }

    @Override
    public JsonNode evaluate(String template, int itemIndex) {
        return delegate.evaluate(template, itemIndex);
    }

    @Override
    public JsonNode evaluate(String template, int itemIndex, Map<String, JsonNode> additionalKeys) {
        return delegate.evaluate(template, itemIndex, additionalKeys);
    }

    @Override
    public ObjectNode nodeState() {
        return delegate.nodeState();
    }

    @Override
    public Optional<ObjectNode> credentials(String credentialType) {
        return delegate.credentials(credentialType);
    }

    @Override
    public <T> List<Attached<T>> attached(String connectionType, int itemIndex, Class<T> type) {
        return delegate.attached(connectionType, itemIndex, type);
    }

    @Override
    public SubNodeCall recordCall(String connectionType, List<Item> input) {
        return delegate.recordCall(connectionType, input);
    }

    @Override
    public <T> Optional<T> service(Class<T> type) {
        return delegate.service(type);
    }
}
