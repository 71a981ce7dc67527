package io.hetumind.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one JSON configuration holds, and nobody outside {@link Json} can change it. */
class JsonTest {

    record Point(int x, int y) {}

    @Test
    void noMapperOrFactoryIsReachableFromOutside() {
        for (Field f : Json.class.getDeclaredFields()) {
            if (!Modifier.isPrivate(f.getModifiers())) {
                assertThat(f.getType()).as("non-private field %s", f.getName()).isNotEqualTo(ObjectMapper.class);
                assertThat(Modifier.isFinal(f.getModifiers()))
                        .as("field %s is final", f.getName())
                        .isTrue();
            }
        }
        for (Method m : Json.class.getMethods()) {
            assertThat(ObjectMapper.class.isAssignableFrom(m.getReturnType()))
                    .as("public method %s returns a mapper", m.getName())
                    .isFalse();
        }
    }

    @Test
    void theConfigurationIgnoresUnknownPropertiesAndKeepsTheLimits() throws Exception {
        assertThat(Json.reader(Point.class).<Point>readValue("{\"x\":1,\"y\":2,\"z\":3}"))
                .isEqualTo(new Point(1, 2));
        assertThat(Json.convert(Map.of("x", 4, "y", 5, "extra", true), Point.class))
                .isEqualTo(new Point(4, 5));

        String deep = "[".repeat(JsonLimits.MAX_DEPTH + 1) + "]".repeat(JsonLimits.MAX_DEPTH + 1);
        assertThatThrownBy(() -> Json.parse(deep))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(JsonLimits.MAX_DEPTH_ENV);
        assertThatThrownBy(() -> Json.reader().readTree(deep)).isInstanceOf(StreamConstraintsException.class);
        String ok = "[".repeat(JsonLimits.MAX_DEPTH) + "]".repeat(JsonLimits.MAX_DEPTH);
        assertThat(Json.parse(ok).isArray()).isTrue();
    }

    @Test
    void derivedReadersAndWritersLeaveTheSharedOnesAlone() throws Exception {
        var strict = Json.reader(Point.class).with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        assertThatThrownBy(() -> strict.readValue("{\"x\":1,\"y\":2,\"z\":3}"))
                .isInstanceOf(UnrecognizedPropertyException.class);
        assertThat(Json.reader(Point.class).<Point>readValue("{\"x\":1,\"y\":2,\"z\":3}"))
                .isEqualTo(new Point(1, 2));

        var pretty = Json.writer().with(SerializationFeature.INDENT_OUTPUT);
        assertThat(pretty.writeValueAsString(Json.object().put("a", 1))).contains("\n");
        assertThat(Json.write(Json.object().put("a", 1))).isEqualTo("{\"a\":1}");

        var comments = Json.reader().with(JsonParser.Feature.ALLOW_COMMENTS);
        assertThat(comments.readTree("/* c */ {\"a\":1}").path("a").asInt()).isEqualTo(1);
        assertThatThrownBy(() -> Json.parse("/* c */ {\"a\":1}")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theSharedFactoryRefusesEveryChange() {
        JsonFactory shared = Json.reader().getFactory();
        assertThat(Json.writer().getFactory()).isSameAs(shared);
        List<Runnable> changes = List.of(
                () -> shared.enable(JsonParser.Feature.ALLOW_COMMENTS),
                () -> shared.configure(JsonParser.Feature.ALLOW_COMMENTS, true),
                () -> shared.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE),
                () -> shared.enable(JsonFactory.Feature.INTERN_FIELD_NAMES),
                () -> shared.disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES),
                () -> shared.enable(com.fasterxml.jackson.core.JsonGenerator.Feature.ESCAPE_NON_ASCII),
                () -> shared.setStreamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(Integer.MAX_VALUE)
                        .build()),
                () -> shared.setStreamWriteConstraints(com.fasterxml.jackson.core.StreamWriteConstraints.defaults()),
                () -> shared.setRootValueSeparator("|"),
                () -> shared.setCodec(new ObjectMapper()),
                () -> shared.setCharacterEscapes(null),
                () -> shared.setInputDecorator(null),
                () -> shared.setOutputDecorator(null));
        for (Runnable change : changes) {
            assertThatThrownBy(change::run).isInstanceOf(UnsupportedOperationException.class);
        }
        String deep = "[".repeat(JsonLimits.MAX_DEPTH + 1) + "]".repeat(JsonLimits.MAX_DEPTH + 1);
        assertThatThrownBy(() -> Json.parse(deep)).hasMessageContaining(JsonLimits.MAX_DEPTH_ENV);
        assertThatThrownBy(() -> Json.parse("/* c */ {}")).isInstanceOf(IllegalArgumentException.class);
        assertThat(shared.isEnabled(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES))
                .isTrue();
        assertThat(shared.getCodec()).isNotNull();

        // a copy is a plain factory of its own: changing it changes nothing shared
        JsonFactory copy = shared.copy();
        copy.enable(JsonParser.Feature.ALLOW_COMMENTS);
        assertThat(copy.isEnabled(JsonParser.Feature.ALLOW_COMMENTS)).isTrue();
        assertThat(shared.isEnabled(JsonParser.Feature.ALLOW_COMMENTS)).isFalse();
    }

    @Test
    void everySetterOfTheFactoryIsGuarded() {
        List<String> guarded = Arrays.stream(Json.FixedFactory.class.getDeclaredMethods())
                .map(m -> m.getName() + Arrays.toString(m.getParameterTypes()))
                .toList();
        for (Method m : JsonFactory.class.getMethods()) {
            boolean setter = m.getName().startsWith("set")
                    || m.getName().equals("enable")
                    || m.getName().equals("disable");
            if (setter && !Modifier.isFinal(m.getModifiers()) && !Modifier.isStatic(m.getModifiers())) {
                assertThat(guarded)
                        .as("FixedFactory overrides %s", m)
                        .contains(m.getName() + Arrays.toString(m.getParameterTypes()));
            }
        }
    }
}
