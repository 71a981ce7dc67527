package io.hetumind.core.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hostile suite: expressions must never reach the host, run forever or eat the heap. */
class SandboxTest extends EngineTestSupport {

    @Test
    void infiniteLoopStopsWithinTheTimeBudget() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> eval("{{ (()=>{while(true){}})() }}"))
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining("exceeded the")
                .hasMessageContaining("limit");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
    }

    @Test
    void loopsInNestedFunctionsAndCatchBlocksCannotEscapeTheBudget() {
        assertThatThrownBy(
                        () -> eval("{{ (function outer() { function inner() { for (;;) {} } return inner(); })() }}"))
                .hasMessageContaining("exceeded the");
        assertThatThrownBy(
                        () -> eval("{{ (() => { while (true) { try { for(;;){} } catch (e) {} finally { } } })() }}"))
                .hasMessageContaining("exceeded the");
        assertThatThrownBy(() -> eval("{{ [1,2,3].map(() => { while (true) {} }) }}"))
                .hasMessageContaining("exceeded the");
    }

    @Test
    void instructionBudgetIsEnforcedToo() {
        var tight = new RhinoExpressionEngine(ExpressionLimits.defaults().withMaxInstructions(100_000));
        assertThatThrownBy(() -> tight.evaluate(
                        tight.compile("{{ (() => { let s = 0; for (let i = 0; i < 1e7; i++) s += i; return s })() }}"),
                        TestScope.withJson("{}")))
                .hasMessageContaining("exceeded the limit of 100000 instructions");
    }

    @Test
    void deepRecursionFailsCleanly() {
        assertThatThrownBy(() -> eval("{{ (function f(n) { return f(n + 1) + 1 })(0) }}"))
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining("stack");
        assertThatThrownBy(() -> eval("{{ (function f() { return [1].map(f) })() }}"))
                .isInstanceOf(ExpressionException.class);
        assertThat(text("{{ (function f(n) { return n ? f(n - 1) + 1 : 0 })(500) }}"))
                .isEqualTo("500");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{{ 'x'.repeat(1e9) }}",
                "{{ 'x'.repeat(1e9).length }}",
                "{{ ''.padStart(2e9, 'ab') }}",
                "{{ new Array(1e9).join('x') }}",
                "{{ new Array(1e9).fill(1) }}",
                "{{ Array.from({length: 5e7}).length }}",
                "{{ [...Array(3e7).keys()].length }}",
                "{{ /(a+)+$/.test('a'.repeat(40) + 'b') }}",
                "{{ (() => { let s = 'xxxxxxxxxx'; for (let i = 0; i < 40; i++) s += s; return s.toUpperCase() })() }}",
                "{{ (() => { let s = 'x'.repeat(1e6); let a = []; while (true) a.push(s + a.length) })() }}",
            })
    void hugeStringsAndArraysFailClearly(String template) {
        assertThatThrownBy(() -> eval(template))
                .isInstanceOf(ExpressionException.class)
                .hasMessageMatching("(?s).*(size limit|memory limit|exceeded the|Invalid string length|length).*");
    }

    @Test
    void resultSizeIsBounded() {
        var small = new RhinoExpressionEngine(ExpressionLimits.defaults().withMaxStringLength(1000));
        assertThatThrownBy(() -> small.evaluate(small.compile("{{ 'ab'.repeat(600) }}"), TestScope.withJson("{}")))
                .hasMessageContaining("size limit");
        assertThatThrownBy(() -> small.evaluate(
                        small.compile(
                                "{{ (() => { let s = 'abcdefghij'; for (let i = 0; i < 8; i++) s += s; return s })() }}"),
                        TestScope.withJson("{}")))
                .hasMessageContaining("size limit");
        assertThatThrownBy(() -> small.evaluate(
                        small.compile("{{ 'a'.repeat(600) }} and {{ 'b'.repeat(600) }}"), TestScope.withJson("{}")))
                .hasMessageContaining("size limit");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{{ java.lang.System.exit(1) }}",
                "{{ java.lang.System.getProperty('user.home') }}",
                "{{ Packages.java.lang.Runtime.getRuntime().exec('id') }}",
                "{{ importPackage(java.io) }}",
                "{{ new JavaImporter(java.io) }}",
                "{{ JavaAdapter }}",
                "{{ getClass }}",
                "{{ $json.getClass().forName('java.lang.Runtime') }}",
                "{{ $json.a.getClass() }}",
                "{{ 'x'.getClass() }}",
                "{{ $input.first().getClass() }}",
                "{{ $('Other').getClass() }}",
                "{{ $now.getClass() }}",
                "{{ load('/etc/passwd') }}",
                "{{ readFile('/etc/passwd') }}",
                "{{ print('x') }}",
                "{{ Continuation }}",
                "{{ $json.a.constructor.constructor('return java')() }}",
                "{{ this.constructor.constructor('return java.lang.System')() }}",
                "{{ (function(){ return this })().Packages.java }}",
                "{{ globalThis.Packages.java }}",
                "{{ Object.getPrototypeOf($json).constructor.constructor('return Packages')().java }}",
                "{{ $.constructor('return this')().java }}",
                "{{ $json.__parent__.java }}",
                "{{ $json.__proto__.__parent__.Packages.java }}",
                "{{ Reflect.get(globalThis, 'java').lang }}",
                "{{ new Function('return this.java')().lang }}",
                "{{ eval('java').lang.System }}",
            })
    void hostAccessIsImpossible(String template) {
        var scope = TestScope.withJson("{\"a\":{\"b\":1}}");
        scope.node("Other", TestScope.TestNode.ran(TestScope.item("{}")));
        try {
            var result = eval(template, scope);
            assertThat(result.isNull()
                            || result.isMissingNode()
                            || (result.isTextual() && !result.textValue().contains("java.")))
                    .as("%s gave %s", template, result)
                    .isTrue();
        } catch (ExpressionException expected) {
            assertThat(expected.getMessage()).doesNotContain("\tat ");
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{{ Object.prototype.x = 1 }}",
                "{{ Array.prototype.map = () => 'owned' }}",
                "{{ String.prototype.toUpperCase = () => 'owned' }}",
                "{{ Object.defineProperty(Object.prototype, 'y', {value: 1}) }}",
                "{{ ({}).__proto__.z = 1 }}",
                "{{ Object.defineProperty(Object.prototype, 'toString', {value: () => 'owned'}) }}",
                "{{ Object.setPrototypeOf(Array.prototype, {evil: 1}) }}",
                "{{ Math.max = () => 0 }}",
                "{{ JSON.stringify = () => 0 }}",
                "{{ delete Array.prototype.map }}",
                "{{ delete String.prototype.isEmpty }}",
                "{{ $ = () => 1 }}",
                "{{ globalThis.leak = 1 }}",
                "{{ Object.assign(Object.prototype, {w: 1}) }}",
                "{{ DateTime.now = () => 'owned' }}",
            })
    void builtInsCannotBePollutedAcrossEvaluations(String attack) {
        try {
            eval(attack);
        } catch (ExpressionException acceptable) {
            // refusing loudly is as good as ignoring: what matters is the next evaluation
        }
        assertThat(text("{{ typeof ({}).x }}|{{ typeof ({}).y }}|{{ typeof ({}).z }}|{{ typeof [].evil }}"))
                .isEqualTo("undefined|undefined|undefined|undefined");
        assertThat(text("{{ typeof leak }}|{{ typeof ({}).w }}|{{ typeof $ }}|{{ typeof DateTime.now() }}"))
                .isEqualTo("undefined|undefined|function|object");
        assertThat(text("{{ String({}) }}")).isEqualTo("[object Object]");
        assertThat(text("{{ [1, 2].map(x => x * 2).join() }}|{{ 'a'.toUpperCase() }}|{{ Math.max(1, 2) }}"))
                .isEqualTo("2,4|A|2");
    }

    @Test
    void budgetErrorCannotBeCaughtByTheScript() {
        assertThatThrownBy(() -> eval("{{ (() => { try { while(true){} } catch (e) { return 'swallowed' } })() }}"))
                .hasMessageContaining("exceeded the");
    }

    @Test
    void engineStillWorksAfterHostileEvaluations() {
        for (int i = 0; i < 3; i++) {
            try {
                eval("{{ (()=>{while(true){}})() }}");
            } catch (ExpressionException expected) {
                // the next evaluation must start from a clean budget
            }
            assertThat(text("{{ [1,2,3].reduce((a, b) => a + b) }}")).isEqualTo("6");
        }
    }
}
