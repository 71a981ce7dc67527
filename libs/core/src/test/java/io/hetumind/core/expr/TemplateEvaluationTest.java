package io.hetumind.core.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TemplateEvaluationTest extends EngineTestSupport {

    static final TestScope DATA = TestScope.withJson(
            """
            {"name":"Ada","a":2,"b":3,"price":1.5,"whole":3.0,"big":9007199254740993,"ok":true,"none":null,
             "tags":["x","y"],"address":{"city":"Paris","zip":"75001"},"items":[{"id":1},{"id":2}],
             "odd key":"spaced","0":"zero","length":7}
            """);

    @Test
    void singleSegmentKeepsTheJsonType() {
        assertThat(eval("{{ $json.a + $json.b }}", DATA).isInt()).isTrue();
        assertThat(eval("{{ $json.a + $json.b }}", DATA).intValue()).isEqualTo(5);
        assertThat(eval("{{ $json.price * 2 }}", DATA).intValue()).isEqualTo(3);
        assertThat(eval("{{ $json.price + 0.25 }}", DATA).doubleValue()).isEqualTo(1.75);
        assertThat(eval("{{ $json.ok }}", DATA).isBoolean()).isTrue();
        assertThat(eval("{{ $json.none }}", DATA).isNull()).isTrue();
        // undefined is Jackson's missing node (n8n keeps undefined apart from null), by the fast path and by Rhino
        assertThat(eval("{{ $json.missing }}", DATA).isMissingNode()).isTrue();
        assertThat(eval("{{ $json['missing'] }}", DATA).isMissingNode()).isTrue();
        assertThat(eval("{{ $json.address.street }}", DATA).isMissingNode()).isTrue();
        assertThat(eval("{{ undefined }}", DATA).isMissingNode()).isTrue();
        assertThat(eval("{{ [1][5] }}", DATA).isMissingNode()).isTrue();
        assertThat(eval("{{ $json.none }}", DATA).isMissingNode()).isFalse();
        assertThat(text("a{{ $json.missing }}b", DATA)).isEqualTo("ab");
        assertThat(json("{{ [1, undefined] }}", DATA)).isEqualTo("[1,null]");
        assertThat(json("{{ {a: undefined, b: 1} }}", DATA)).isEqualTo("{\"b\":1}");
        assertThat(json("{{ $json.tags }}", DATA)).isEqualTo("[\"x\",\"y\"]");
        assertThat(json("{{ $json.address }}", DATA)).isEqualTo("{\"city\":\"Paris\",\"zip\":\"75001\"}");
        assertThat(json("{{ {a: 1, b: [true, null, 'x']} }}", DATA)).isEqualTo("{\"a\":1,\"b\":[true,null,\"x\"]}");
        assertThat(eval("{{ 1/0 }}", DATA).isNull()).isTrue();
        assertThat(eval("{{ 2 ** 40 }}", DATA).longValue()).isEqualTo(1L << 40);
        assertThat(eval("  {{ $json.name }}\n", DATA).textValue()).isEqualTo("Ada");
    }

    @Test
    void mixedTemplatesRenderText() {
        assertThat(text("Hello {{ $json.name }}!", DATA)).isEqualTo("Hello Ada!");
        assertThat(text("{{ $json.a }}+{{ $json.b }}={{ $json.a + $json.b }}", DATA))
                .isEqualTo("2+3=5");
        assertThat(text("p={{ $json.price }} w={{ $json.whole }}", DATA)).isEqualTo("p=1.5 w=3");
        assertThat(text("[{{ $json.none }}][{{ $json.missing }}]", DATA)).isEqualTo("[][]");
        assertThat(text("tags: {{ $json.tags }}", DATA)).isEqualTo("tags: [\"x\",\"y\"]");
        assertThat(text("at {{ $json.address }}", DATA)).isEqualTo("at {\"city\":\"Paris\",\"zip\":\"75001\"}");
        assertThat(text("{{ 0.1 + 0.2 }} {{ true }}", DATA)).isEqualTo("0.30000000000000004 true");
    }

    @Test
    void constantTemplatesAreText() {
        Template template = ENGINE.compile("just text, no braces { } here");
        assertThat(template.isConstant()).isTrue();
        assertThat(ENGINE.evaluate(template, DATA).textValue()).isEqualTo("just text, no braces { } here");
        assertThat(text("unterminated {{ $json.name", DATA)).isEqualTo("unterminated {{ $json.name");
    }

    @Test
    void bracesInsideExpressionsDoNotCloseTheSegment() {
        assertThat(json("{{ {a: {b: 1}} }}")).isEqualTo("{\"a\":{\"b\":1}}");
        assertThat(text("{{ '}}' + \"}}\" }}")).isEqualTo("}}}}");
        assertThat(text("x{{ `a${ {k: 'v'}.k }b` }}y")).isEqualTo("xavby");
        assertThat(text("{{ [1,2].map(x => { return x * 2 }).join('-') }}")).isEqualTo("2-4");
        assertThat(text("{{ 1 /* }} */ + 1 }}")).isEqualTo("2");
        assertThat(text("{{ 40 + 2 // the answer }}")).isEqualTo("42");
        assertThat(text("{{ 1 }}}")).isEqualTo("1}");
    }

    @Test
    void statementsAreAllowed() {
        assertThat(eval("{{ let x = $json.a; x * 10 }}", DATA).intValue()).isEqualTo(20);
        assertThat(eval("{{ (() => { const s = [1, 2, 3]; return s.length })() }}")
                        .intValue())
                .isEqualTo(3);
    }

    @Test
    void compilesOnceAndCaches() {
        assertThat(ENGINE.compile("{{ $json.a * 7 }}")).isSameAs(ENGINE.compile("{{ $json.a * 7 }}"));
    }

    @Test
    void syntaxErrorsNameTheExpression() {
        assertThatThrownBy(() -> ENGINE.compile("Hi {{ $json. }}"))
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining("Invalid expression syntax")
                .hasMessageContaining("{{ $json. }}")
                .satisfies(
                        e -> assertThat(((ExpressionException) e).expression()).isEqualTo("{{ $json. }}"));
        assertThatThrownBy(() -> ENGINE.compile("{{ (1 + }}")).isInstanceOf(ExpressionException.class);
    }

    @Test
    void runtimeErrorsAreReadable() {
        assertThatThrownBy(() -> eval("{{ $json.nope.deeper }}", DATA))
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining("TypeError")
                .hasMessageContaining("deeper")
                .hasMessageNotContaining("\tat ")
                .satisfies(
                        e -> assertThat(((ExpressionException) e).expression()).isEqualTo("{{ $json.nope.deeper }}"));
        assertThatThrownBy(() -> eval("{{ notDefined + 1 }}"))
                .hasMessageContaining("ReferenceError")
                .hasMessageContaining("notDefined");
        assertThatThrownBy(() -> eval("{{ (() => { throw new Error('custom failure') })() }}"))
                .hasMessageContaining("custom failure");
    }

    @Test
    void mutatingJsonDoesNotChangeTheItem() {
        var scope = TestScope.withJson("{\"a\":1,\"nested\":{\"b\":2},\"list\":[1,2]}");
        assertThat(json("{{ $json.a = 5; $json.nested.b = 9; $json.list.push(3); $json }}", scope))
                .isEqualTo("{\"a\":5,\"nested\":{\"b\":9},\"list\":[1,2,3]}");
        assertThat(json("{{ delete $json.a; $json }}", scope)).isEqualTo("{\"nested\":{\"b\":2},\"list\":[1,2]}");
        assertThat(json("{{ $json }}", scope)).isEqualTo("{\"a\":1,\"nested\":{\"b\":2},\"list\":[1,2]}");
        assertThat(scope.item().json().toString()).isEqualTo("{\"a\":1,\"nested\":{\"b\":2},\"list\":[1,2]}");
    }

    @Test
    void jsonObjectsBehaveLikeJavaScriptObjects() {
        assertThat(text("{{ Object.keys($json.address).join() }}", DATA)).isEqualTo("city,zip");
        assertThat(text("{{ JSON.stringify({...$json.address, x: 1}) }}", DATA))
                .isEqualTo("{\"city\":\"Paris\",\"zip\":\"75001\",\"x\":1}");
        assertThat(text("{{ Object.entries($json.address).map(([k, v]) => k + '=' + v).join('&') }}", DATA))
                .isEqualTo("city=Paris&zip=75001");
        assertThat(eval("{{ 'city' in $json.address && $json.address.hasOwnProperty('zip') }}", DATA)
                        .booleanValue())
                .isTrue();
        assertThat(eval("{{ $json.items.map(i => i.id).filter(id => id > 1).length }}", DATA)
                        .intValue())
                .isEqualTo(1);
        assertThat(eval("{{ $json.tags.includes('y') && Array.isArray($json.tags) }}", DATA)
                        .booleanValue())
                .isTrue();
        assertThat(text("{{ $json.tags.join(' & ') }}", DATA)).isEqualTo("x & y");
        assertThat(text("{{ $json[0] }}", DATA)).isEqualTo("zero");
        assertThat(eval("{{ $json.address === $json.address }}", DATA).booleanValue())
                .isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{{ $json }}",
                "{{ $json.name }}",
                "{{ $json.a }}",
                "{{ $json.price }}",
                "{{ $json.whole }}",
                "{{ $json.big }}",
                "{{ $json.ok }}",
                "{{ $json.none }}",
                "{{ $json.missing }}",
                "{{ $json.tags }}",
                "{{ $json.tags[1] }}",
                "{{ $json.tags[5] }}",
                "{{ $json.tags.length }}",
                "{{ $json.name.length }}",
                "{{ $json.address.city }}",
                "{{ $json['odd key'] }}",
                "{{ $json[\"address\"]['zip'] }}",
                "{{ $json.items[1].id }}",
                "{{ $json[0] }}",
                "{{ $json['0'] }}",
                "{{ $json.length }}",
                "{{ $json.constructor }}",
                "{{ $json.toString }}",
                "Name: {{ $json.name }}, tags {{ $json.tags }}, w {{ $json.whole }}, p {{ $json.price }}",
            })
    void fastPathGivesExactlyTheScriptResult(String template) {
        var slow = new RhinoExpressionEngine(ExpressionLimits.defaults(), false);
        JsonNode viaScript = slow.evaluate(slow.compile(template), DATA);
        JsonNode viaFastPath = eval(template, DATA);
        assertThat(viaFastPath).isEqualTo(viaScript);
        assertThat(viaFastPath.getNodeType()).isEqualTo(viaScript.getNodeType());
    }

    @Test
    void fastPathDeclinesWhenJavaScriptWouldThrow() {
        assertThatThrownBy(() -> eval("{{ $json.missing.deeper }}", DATA)).isInstanceOf(ExpressionException.class);
    }
}
