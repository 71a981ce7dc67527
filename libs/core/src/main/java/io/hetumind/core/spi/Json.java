package io.hetumind.core.spi;

import com.fasterxml.jackson.core.ErrorReportConfiguration;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.InputDecorator;
import com.fasterxml.jackson.core.io.OutputDecorator;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.RecyclerPool;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.module.paramnames.ParameterNamesModule;

/**
 * The one JSON configuration of Hetumind (limits of {@link JsonLimits}, the java.time, Optional and
 * parameter-name modules, unknown properties ignored) and small tree helpers for nodes and the engine. The mapper
 * itself stays private: callers get immutable {@link ObjectReader}s and {@link ObjectWriter}s
 * ({@code with(…)} gives a new one and leaves this configuration alone), and its factory refuses
 * every change once built.
 */
public final class Json {

    /**
     * Makes every tree node of Hetumind's; its objects keep their fields in a {@link SmallObjectMap}, a quarter of a
     * LinkedHashMap's memory for the small objects items mostly are.
     */
    public static final JsonNodeFactory F = new CompactNodeFactory();

    private static final ObjectMapper MAPPER;
    private static final ObjectReader READER;
    private static final ObjectWriter WRITER;

    static {
        FixedFactory factory =
                new FixedFactory(new JsonFactoryBuilder().streamReadConstraints(JsonLimits.constraints()));
        MAPPER = JsonMapper.builder(factory)
                // named, not found: findAndAddModules is a ServiceLoader scan that opens every jar on the class
                // path (about 130 in the CLI: 100-250 ms of its start-up), and the mapper differed with what a host
                // happened to ship
                .addModule(new JavaTimeModule())
                .addModule(new Jdk8Module())
                .addModule(new ParameterNamesModule())
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .nodeFactory(F)
                .build();
        factory.fix();
        READER = MAPPER.reader();
        WRITER = MAPPER.writer();
    }

    private Json() {}

    /** Reads JSON with the shared configuration; {@code with(…)} derives a reader of its own. */
    public static ObjectReader reader() {
        return READER;
    }

    /** {@link #reader()} bound to {@code type}. */
    public static ObjectReader reader(Class<?> type) {
        return READER.forType(type);
    }

    /** {@link #reader()} bound to {@code type}. */
    public static ObjectReader reader(TypeReference<?> type) {
        return READER.forType(type);
    }

    /** Writes JSON with the shared configuration; {@code with(…)} derives a writer of its own. */
    public static ObjectWriter writer() {
        return WRITER;
    }

    public static ObjectNode object() {
        return F.objectNode();
    }

    public static ArrayNode array() {
        return F.arrayNode();
    }

    /** Converts a Java value (String, Number, Boolean, Map, List, JsonNode, null) to a tree. */
    public static JsonNode toNode(Object value) {
        if (value instanceof JsonNode node) {
            return node;
        }
        return MAPPER.valueToTree(value);
    }

    /** Jackson's {@code valueToTree}: a tree of any value (null stays null). */
    public static <T extends JsonNode> T valueToTree(Object value) {
        return MAPPER.valueToTree(value);
    }

    /** Jackson's {@code convertValue}: {@code value} as {@code type}, through a tree. */
    public static <T> T convert(Object value, Class<T> type) {
        return MAPPER.convertValue(value, type);
    }

    /** Jackson's {@code convertValue}: {@code value} as {@code type}, through a tree. */
    public static <T> T convert(Object value, TypeReference<T> type) {
        return MAPPER.convertValue(value, type);
    }

    /** Parses JSON text; throws {@link IllegalArgumentException} with the parser's location. */
    public static JsonNode parse(String text) {
        try {
            return READER.readTree(text);
        } catch (com.fasterxml.jackson.core.exc.StreamConstraintsException e) {
            throw new IllegalArgumentException(JsonLimits.explain(e) + locationOf(e), e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e.getOriginalMessage() + locationOf(e), e);
        }
    }

    static String locationOf(com.fasterxml.jackson.core.JsonProcessingException e) {
        var loc = e.getLocation();
        return loc == null ? "" : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
    }

    public static String write(JsonNode node) {
        try {
            return WRITER.writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Freezes a tree: every object and array in it made by {@link #F} refuses changes from now on (values are
     * immutable already). The engine freezes each node's output, so that the nodes after it, which share those items,
     * and the run data that records them, never see them change. Returns false when part of the tree was made
     * elsewhere (another mapper's nodes cannot be frozen): the containers above that part stay unfrozen (a frozen
     * container's whole tree is frozen), and {@link #frozenCopy} gives a copy that is frozen.
     */
    public static boolean freeze(JsonNode node) {
        if (node instanceof CompactObject object) {
            return object.fields.isFrozen() || object.fields.freezeAfter(Json::freeze);
        }
        if (node instanceof CompactArray array) {
            return array.elements.isFrozen() || array.elements.freezeAfter(Json::freeze);
        }
        return !node.isContainerNode();
    }

    /** {@code node} frozen ({@link #freeze}), or a frozen copy of it when part of it cannot be frozen. */
    @SuppressWarnings("unchecked")
    public static <T extends JsonNode> T frozenCopy(T node) {
        if (freeze(node)) {
            return node;
        }
        T copy = (T) MAPPER.valueToTree(node);
        freeze(copy);
        return copy;
    }

    /** True when {@code node} refuses changes (a value, or a container {@link #freeze} froze). */
    public static boolean isFrozen(JsonNode node) {
        if (node instanceof CompactObject object) {
            return object.fields.isFrozen();
        }
        if (node instanceof CompactArray array) {
            return array.elements.isFrozen();
        }
        return !node.isContainerNode();
    }

    /** What a change to a frozen object or array throws: the node that tried it fails with this message. */
    static UnsupportedOperationException changeRefused() {
        return new UnsupportedOperationException("this JSON is a node's output, which the nodes after it and the run"
                + " data share, so it cannot be changed: change a copy (deepCopy()) or build a new object");
    }

    /**
     * Jackson's node factory with compact objects (see {@link SmallObjectMap}) and containers that {@link #freeze}
     * can freeze; its other nodes are Jackson's.
     */
    static final class CompactNodeFactory extends JsonNodeFactory {

        private static final long serialVersionUID = 1L;

        @Override
        public ObjectNode objectNode() {
            return new CompactObject(this, new SmallObjectMap());
        }

        @Override
        public ArrayNode arrayNode() {
            return new CompactArray(this, new FreezableList());
        }

        @Override
        public ArrayNode arrayNode(int capacity) {
            return new CompactArray(this, new FreezableList(capacity));
        }
    }

    /** An ObjectNode of {@link #F}'s, holding on to its fields to freeze them. */
    static final class CompactObject extends ObjectNode {

        private static final long serialVersionUID = 1L;

        final transient SmallObjectMap fields;

        CompactObject(JsonNodeFactory factory, SmallObjectMap fields) {
            super(factory, fields);
            this.fields = fields;
        }

        /** Copies array to array (Jackson's own walks the entries, which this map makes one by one). */
        @Override
        public ObjectNode deepCopy() {
            return new CompactObject(_nodeFactory, fields.deepCopy());
        }
    }

    /** An ArrayNode of {@link #F}'s, holding on to its elements to freeze them. */
    static final class CompactArray extends ArrayNode {

        private static final long serialVersionUID = 1L;

        final transient FreezableList elements;

        CompactArray(JsonNodeFactory factory, FreezableList elements) {
            super(factory, elements);
            this.elements = elements;
        }

        @Override
        public ArrayNode deepCopy() {
            return new CompactArray(_nodeFactory, elements.deepCopy());
        }
    }

    /**
     * The shared factory: readers and writers hand it out ({@code getFactory()}), so once the mapper
     * is built every setter refuses, and {@link #copy()} gives a plain factory to change at will.
     */
    static final class FixedFactory extends JsonFactory {

        private volatile boolean fixed;

        FixedFactory(JsonFactoryBuilder builder) {
            super(builder);
        }

        void fix() {
            fixed = true;
        }

        private void refuse() {
            if (fixed) {
                throw new UnsupportedOperationException(
                        "the shared JSON configuration cannot be changed; derive a reader or writer with with(…)");
            }
        }

        @Override
        public JsonFactory copy() {
            return new JsonFactoryBuilder(this).build();
        }

        @Override
        public JsonFactory enable(JsonFactory.Feature f) {
            refuse();
            return super.enable(f);
        }

        @Override
        public JsonFactory disable(JsonFactory.Feature f) {
            refuse();
            return super.disable(f);
        }

        @Override
        public JsonFactory enable(JsonParser.Feature f) {
            refuse();
            return super.enable(f);
        }

        @Override
        public JsonFactory disable(JsonParser.Feature f) {
            refuse();
            return super.disable(f);
        }

        @Override
        public JsonFactory enable(JsonGenerator.Feature f) {
            refuse();
            return super.enable(f);
        }

        @Override
        public JsonFactory disable(JsonGenerator.Feature f) {
            refuse();
            return super.disable(f);
        }

        @Override
        public JsonFactory setStreamReadConstraints(StreamReadConstraints src) {
            refuse();
            return super.setStreamReadConstraints(src);
        }

        @Override
        public JsonFactory setStreamWriteConstraints(StreamWriteConstraints src) {
            refuse();
            return super.setStreamWriteConstraints(src);
        }

        @Override
        public JsonFactory setErrorReportConfiguration(ErrorReportConfiguration src) {
            refuse();
            return super.setErrorReportConfiguration(src);
        }

        @Override
        public JsonFactory setCharacterEscapes(CharacterEscapes esc) {
            refuse();
            return super.setCharacterEscapes(esc);
        }

        @Override
        public JsonFactory setInputDecorator(InputDecorator d) {
            refuse();
            return super.setInputDecorator(d);
        }

        @Override
        public JsonFactory setOutputDecorator(OutputDecorator d) {
            refuse();
            return super.setOutputDecorator(d);
        }

        @Override
        public JsonFactory setRootValueSeparator(String sep) {
            refuse();
            return super.setRootValueSeparator(sep);
        }

        @Override
        public JsonFactory setRecyclerPool(RecyclerPool<BufferRecycler> pool) {
            refuse();
            return super.setRecyclerPool(pool);
        }

        @Override
        public JsonFactory setCodec(ObjectCodec oc) {
            refuse();
            return super.setCodec(oc);
        }
    }
}
