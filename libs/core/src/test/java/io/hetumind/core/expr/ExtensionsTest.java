package io.hetumind.core.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExtensionsTest extends EngineTestSupport {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{{ ''.isEmpty() }}|true",
                "{{ 'a'.isEmpty() }}|false",
                "{{ 'a'.isNotEmpty() }}|true",
                "{{ 'abc'.toUpperCase() }}|ABC",
                "{{ 'https://www.example.com/path?q=1'.extractDomain() }}|example.com",
                "{{ 'ada@lovelace.org'.extractDomain() }}|lovelace.org",
                "{{ 'write to ada@lovelace.org today'.extractEmail() }}|ada@lovelace.org",
                "{{ 'see https://n8n.io/docs now'.extractUrl() }}|https://n8n.io/docs",
                "{{ 'https://n8n.io/docs/x?y=1'.extractUrlPath() }}|/docs/x",
                "{{ 'abc'.hash() }}|900150983cd24fb0d6963f7d28e17f72",
                "{{ 'abc'.hash('md5') }}|900150983cd24fb0d6963f7d28e17f72",
                "{{ 'abc'.hash('sha1') }}|a9993e364706816aba3e25717850c26c9cd0d89d",
                "{{ 'abc'.hash('sha256') }}|ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                "{{ 'abc'.hash('sha512').length }}|128",
                "{{ 'hello'.base64Encode() }}|aGVsbG8=",
                "{{ 'aGVsbG8='.base64Decode() }}|hello",
                "{{ '<p>Hi <b>there</b></p>'.removeTags() }}|Hi there",
                "{{ 'the quick BROWN fox'.toTitleCase() }}|The Quick Brown Fox",
                "{{ 'hello WORLD. bye now'.toSentenceCase() }}|Hello world. Bye now",
                "{{ 'Hello World-again'.toSnakeCase() }}|hello_world_again",
                "{{ 'helloWorld again'.toSnakeCase() }}|hello_world_again",
                "{{ 'hello world again'.toCamelCase() }}|helloWorldAgain",
                "{{ 'a b&c'.urlEncode() }}|a%20b%26c",
                "{{ 'a%20b%26c'.urlDecode() }}|a b&c",
                "{{ 'ada@lovelace.org'.isEmail() }}|true",
                "{{ 'not an email'.isEmail() }}|false",
                "{{ 'https://n8n.io'.isUrl() }}|true",
                "{{ 'n8n.io'.isUrl() }}|false",
                "{{ 'n8n.io'.isDomain() }}|true",
                "{{ ' 12.5 '.isNumeric() }}|true",
                "{{ '12a'.isNumeric() }}|false",
                "{{ '42'.toNumber() + 1 }}|43",
                "{{ '42.9px'.toInt() }}|42",
                "{{ '3.25abc'.toFloat() }}|3.25",
                "{{ 'false'.toBoolean() }}|false",
                "{{ 'no'.toBoolean() }}|false",
                "{{ 'yes'.toBoolean() }}|true",
                "{{ 'Crème Brûlée'.replaceSpecialChars() }}|Creme Brulee",
                "{{ 'say \"hi\"'.quote() }}|\"say \\\"hi\\\"\"",
                "{{ '  padded  '.trim() }}|padded",
                "{{ '{\"a\":1}'.parseJson().a }}|1",
                "{{ '2024-03-10T10:00:00Z'.toDateTime().toISO() }}|2024-03-10T10:00:00.000Z",
                "{{ '10/03/2024'.toDateTime('dd/MM/yyyy').toISODate() }}|2024-03-10",
            })
    void strings(String template, String expected) {
        assertThat(text(template)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{{ (3.14159).round(2) }}|3.14",
                "{{ (2.5).round() }}|3",
                "{{ (2.7).floor() }}|2",
                "{{ (2.1).ceil() }}|3",
                "{{ (4).isEven() }}|true",
                "{{ (3).isOdd() }}|true",
                "{{ (-3).isOdd() }}|true",
                "{{ (3).isInteger() }}|true",
                "{{ (3.5).isInteger() }}|false",
                "{{ (0).toBoolean() }}|false",
                "{{ (2).toBoolean() }}|true",
                "{{ (1234567.891).format() }}|1,234,567.891",
                "{{ (1234.5).format('de-DE') }}|1.234,5",
                "{{ (0.256).format('en-US', {style: 'percent'}) }}|26%",
                "{{ (12).format('en-US', {style: 'currency', currency: 'EUR'}) }}|€12.00",
                "{{ (1.5).format('en-US', {minimumFractionDigits: 2}) }}|1.50",
                "{{ (1710072000000).toDateTime().toISO() }}|2024-03-10T12:00:00.000Z",
                "{{ (1710072000).toDateTime('s').toISO() }}|2024-03-10T12:00:00.000Z",
                "{{ (45361).toDateTime('excel').toISODate() }}|2024-03-10",
            })
    void numbers(String template, String expected) {
        assertThat(text(template)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{{ [1,2,3].first() }}|1",
                "{{ [1,2,3].last() }}|3",
                "{{ [].isEmpty() }}|true",
                "{{ [1].isNotEmpty() }}|true",
                "{{ [1,2,3].sum() }}|6",
                "{{ [4,2,9].min() }}|2",
                "{{ [4,2,9].max() }}|9",
                "{{ [1,2,3,4].average() }}|2.5",
                "{{ [1,2,2,3,1] .unique() }}|[1,2,3]",
                "{{ [{a:1},{a:1},{a:2}].removeDuplicates() }}|[{\"a\":1},{\"a\":2}]",
                "{{ [{id:1,n:'x'},{id:1,n:'y'}].unique('id') }}|[{\"id\":1,\"n\":\"x\"}]",
                "{{ [0, null, '', 'a', undefined, false].compact() }}|[0,\"a\",false]",
                "{{ [{a:1,b:2},{a:3,b:4}].pluck('a') }}|[1,3]",
                "{{ [{a:1,b:2,c:0},{a:3,b:4}].pluck('a','b') }}|[{\"a\":1,\"b\":2},{\"a\":3,\"b\":4}]",
                "{{ [1,2,3,4,5].chunk(2) }}|[[1,2],[3,4],[5]]",
                "{{ [7].randomItem() }}|7",
                "{{ [{a:1},{b:2}].merge([{c:3}]) }}|{\"a\":1,\"b\":2,\"c\":3}",
                "{{ [1,2,3,4].difference([2,4]) }}|[1,3]",
                "{{ [1,2,3].intersection([2,3,4]) }}|[2,3]",
                "{{ [1,2].union([2,3]) }}|[1,2,3]",
                "{{ [{k:'a',v:1},{k:'b',v:2}].smartJoin('k','v') }}|{\"a\":1,\"b\":2}",
                "{{ [{a:1,b:2}].renameKeys('a','x') }}|[{\"b\":2,\"x\":1}]",
                "{{ [1,2].toJsonString() }}|[1,2]",
            })
    void arrays(String template, String expected) {
        assertThat(text(template)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{{ ({}).isEmpty() }}|true",
                "{{ ({a:1}).isNotEmpty() }}|true",
                "{{ ({a:1}).hasField('a') }}|true",
                "{{ ({a:1}).hasField('isEmpty') }}|false",
                "{{ ({a:1,b:2}).removeField('a') }}|{\"b\":2}",
                "{{ ({a:1,b:2}).keys() }}|[\"a\",\"b\"]",
                "{{ ({a:1,b:2}).values() }}|[1,2]",
                "{{ ({a:null,b:'',c:0,d:'x'}).compact() }}|{\"c\":0,\"d\":\"x\"}",
                "{{ ({a:1}).toJsonString() }}|{\"a\":1}",
                "{{ ({q:'a b',n:1}).urlEncode() }}|q=a%20b&n=1",
                "{{ ({a:1,b:1}).merge({b:2,c:3}) }}|{\"b\":1,\"c\":3,\"a\":1}",
                "{{ ({a:'foo',b:'bar'}).keepFieldsContaining('oo') }}|{\"a\":\"foo\"}",
                "{{ ({a:'foo',b:'bar'}).removeFieldsContaining('oo') }}|{\"b\":\"bar\"}",
            })
    void objects(String template, String expected) {
        assertThat(text(template)).isEqualTo(expected);
    }

    @Test
    void extensionsWorkOnItemData() {
        var scope = TestScope.withJson(
                "{\"email\":\"Ada@Example.com\",\"prices\":[3,4,5],\"user\":{\"name\":\"ada\",\"age\":null}}");
        assertThat(text("{{ $json.email.toLowerCase().extractDomain() }}", scope))
                .isEqualTo("example.com");
        assertThat(eval("{{ $json.prices.sum() }}", scope).intValue()).isEqualTo(12);
        assertThat(json("{{ $json.user.compact() }}", scope)).isEqualTo("{\"name\":\"ada\"}");
        assertThat(eval("{{ $json.user.hasField('name') }}", scope).booleanValue())
                .isTrue();
        assertThat(json("{{ $input.all().pluck('json') }}", scope)).startsWith("[{\"email\"");
    }

    @Test
    void extensionMethodsStayHiddenFromEnumeration() {
        assertThat(
                        text(
                                "{{ JSON.stringify({a: 1}) }}|{{ Object.keys([1]).join() }}|{{ (() => { let k = []; for (let x in {a: 1}) k.push(x); return k.join() })() }}"))
                .isEqualTo("{\"a\":1}|0|a");
    }

    @Test
    void conversionFailuresAreExpressionErrors() {
        assertThatThrownBy(() -> eval("{{ 'abc'.toNumber() }}"))
                .hasMessageContaining("Cannot convert 'abc' to a number");
        assertThatThrownBy(() -> eval("{{ 'x'.hash('crc99') }}")).hasMessageContaining("Unsupported hash algorithm");
        assertThatThrownBy(() -> eval("{{ ['a'].sum() }}")).hasMessageContaining("sum(): all items must be numbers");
    }
}
