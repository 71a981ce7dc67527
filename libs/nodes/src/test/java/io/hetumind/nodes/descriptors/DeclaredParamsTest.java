package io.hetumind.nodes.descriptors;

import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.PropertySpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The walk's check catches what it must: undeclared paths, hidden values, wrong types, undeclared keys. */
class DeclaredParamsTest {

    private static final NodeDescriptor D = NodeDescriptor.builder("test.node")
            .versions(1, 2)
            .displayName("Node")
            .property(PropertySpec.options("mode")
                    .option("a", "A")
                    .option("b", "B")
                    .defaultValue("a"))
            .property(PropertySpec.number("count").showWhen("mode", "b"))
            .property(PropertySpec.string("legacy").showWhen(PropertySpec.VERSION, 1))
            .property(PropertySpec.fixedCollection("rules")
                    .multipleValues()
                    .child(PropertySpec.collection("values")
                            .child(PropertySpec.string("name"))
                            .child(PropertySpec.bool("flag"))))
            .property(PropertySpec.collection("options").child(PropertySpec.bool("x")))
            .build();

    private static List<String> check(double version, String params, String path) {
        return DeclaredParams.check(D, version, Json.parse(params), path);
    }

    @Test
    void aDeclaredReadPassesAndAnUndeclaredOneIsCaught() {
        assertThat(check(1, "{}", "mode")).isEmpty();
        assertThat(check(1, "{}", "options.x")).isEmpty();
        assertThat(check(1, "{}", "options.y")).containsExactly("'options.y' is not declared for version 1.0");
        assertThat(check(2, "{}", "legacy")).containsExactly("'legacy' is not declared for version 2.0");
    }

    @Test
    void aWrittenValueMustBeShownAndFitItsType() {
        assertThat(check(1, "{\"mode\":\"b\",\"count\":3}", "count")).isEmpty();
        assertThat(check(1, "{\"count\":3}", "count"))
                .hasSize(1)
                .first()
                .asString()
                .contains("show rules hide it");
        assertThat(check(1, "{\"mode\":\"b\",\"count\":\"many\"}", "count"))
                .containsExactly("'count' is declared number and should be a number, got \"many\"");
        assertThat(check(1, "{\"mode\":\"b\",\"count\":\"={{ 3 }}\"}", "count")).isEmpty();
        assertThat(check(1, "{\"mode\":\"c\"}", "mode"))
                .hasSize(1)
                .first()
                .asString()
                .contains("one of");
    }

    @Test
    void everyKeyWrittenInsideARepeatedGroupIsChecked() {
        String ok = "{\"rules\":{\"values\":[{\"name\":\"n\",\"flag\":true},{\"name\":\"m\"}]}}";
        assertThat(check(1, ok, "rules")).isEmpty();
        assertThat(check(1, ok, "rules.values.1.name")).isEmpty();
        String bad = "{\"rules\":{\"values\":[{\"name\":\"n\",\"colour\":\"red\"},{\"flag\":\"yes\"}]}}";
        assertThat(check(1, bad, "rules"))
                .containsExactly(
                        "'rules.values.0.colour' is not declared for version 1.0",
                        "'rules.values.1.flag' is declared boolean and should be a boolean, got \"yes\"");
    }
}
