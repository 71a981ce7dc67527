package io.hetumind.nodes.flow;

import static io.hetumind.nodes.NodeTests.error;
import static io.hetumind.nodes.NodeTests.items;
import static io.hetumind.nodes.NodeTests.jsons;
import static io.hetumind.nodes.NodeTests.out;
import static io.hetumind.nodes.NodeTests.run;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IfNodeTest {

    private final IfNode node = new IfNode();

    private static String v2(String left, String right, String type, String op, String combinatorAndOpts) {
        return """
                {'conditions':{'options':{'caseSensitive':true,'typeValidation':'strict'},
                  'conditions':[{'leftValue':%s,'rightValue':%s,'operator':{'type':'%s','operation':'%s'}}],
                  'combinator':'and'}%s}
                """
                .formatted(left, right, type, op, combinatorAndOpts);
    }

    private static String loose(String filter) {
        return filter.replace("'typeValidation':'strict'", "'typeValidation':'loose'");
    }

    @Test
    void numberGreaterThanRoutesItems() {
        var r = run(node, 2, v2("5", "3", "number", "gt", ""), items("[{'a':1},{'a':2}]"));
        assertThat(out(r, 0)).hasSize(2);
        assertThat(out(r, 1)).isEmpty();
        assertThat(r.output("Node", 0).get(1).pairedItem().item()).isEqualTo(1);
    }

    /**
     * n8n compares JavaScript values: null orders as 0, a missing value (here a condition without one) as NaN, and
     * equals is ===.
     */
    @Test
    void aMissingNumberAndNullCompareAsInJavaScript() {
        String[][] cases = {
            // left (null: no leftValue at all), right, operation, true branch?
            {null, "5", "lt", "false"},
            {"null", "5", "lt", "true"},
            {null, "-5", "gt", "false"},
            {"null", "-5", "gt", "true"},
            {"null", "0", "gte", "true"},
            {null, "0", "lte", "false"},
            {"null", "null", "equals", "true"},
            {null, "null", "equals", "false"},
            {"null", "0", "equals", "false"},
            {null, "1", "notEquals", "true"},
            {"null", "null", "notEquals", "false"},
            {"'={{ null }}'", "'={{ null }}'", "equals", "true"},
            {"3", "3", "equals", "true"},
            // expressions: a property the item lacks is undefined (NaN), one that holds null is null (0)
            {"'={{ $json.nothing }}'", "5", "lt", "false"},
            {"'={{ $json.nothing }}'", "-5", "gt", "false"},
            {"'={{ $json.nothing }}'", "'={{ $json.other }}'", "equals", "true"},
            {"'={{ $json.nothing }}'", "'={{ $json.empty }}'", "equals", "false"},
            {"'={{ $json.empty }}'", "5", "lt", "true"},
            {"'={{ $json.empty }}'", "0", "gte", "true"},
            {"'={{ [].at(0) }}'", "5", "lt", "false"},
            {"'={{ undefined }}'", "1", "notEquals", "true"},
        };
        for (String[] c : cases) {
            String left = c[0] == null ? "" : "'leftValue':" + c[0] + ",";
            String p =
                    """
                    {'conditions':{'options':{'caseSensitive':true,'typeValidation':'strict'},
                      'conditions':[{%s'rightValue':%s,'operator':{'type':'number','operation':'%s'}}],
                      'combinator':'and'}}
                    """
                            .formatted(left, c[1], c[2]);
            var r = run(node, 2, p, items("[{'empty':null}]"));
            assertThat(out(r, Boolean.parseBoolean(c[3]) ? 0 : 1))
                    .as("%s %s %s", c[0], c[2], c[1])
                    .hasSize(1);
        }
    }

    @Test
    void stringOperatorsAndCase() {
        assertThat(out(run(node, 2, v2("'Hello'", "'ell'", "string", "contains", ""), items("[{}]")), 0))
                .hasSize(1);
        assertThat(out(run(node, 2, v2("'Hello'", "'HELLO'", "string", "equals", ""), items("[{}]")), 1))
                .hasSize(1);
        // n8n reads the filter's own caseSensitive at run time; the node's Ignore Case option is only what the
        // editor copies into it, so it does not override a filter that says caseSensitive=true
        assertThat(out(
                        run(
                                node,
                                2,
                                v2("'Hello'", "'HELLO'", "string", "equals", ",'options':{'ignoreCase':true}"),
                                items("[{}]")),
                        1))
                .hasSize(1);
        assertThat(out(
                        run(
                                node,
                                2,
                                v2("'Hello'", "'HELLO'", "string", "equals", "")
                                        .replace("'caseSensitive':true", "'caseSensitive':false"),
                                items("[{}]")),
                        0))
                .hasSize(1);
        assertThat(out(run(node, 2, v2("'abc123'", "'/[0-9]+$/'", "string", "regex", ""), items("[{}]")), 0))
                .hasSize(1);
    }

    /**
     * With case-insensitive conditions n8n lower-cases the value but not a regex pattern, and gives the pattern no
     * "i" flag: only the pattern's own /…/i does (expected outcomes printed by Node.js running n8n-workflow 2.8.0's
     * string branch of executeFilterCondition).
     */
    @Test
    void caseInsensitiveRegexLowerCasesTheValueOnly() {
        String[][] cases = {
            // pattern, value, outcome case-insensitive, outcome case-sensitive
            {"^ABC", "ABC", "false", "true"},
            {"^abc", "ABC", "true", "false"},
            {"/^ABC/i", "ABC", "true", "true"},
            {"\\\\D+", "AB", "true", "true"},
            {"^\\\\W+$", "AB", "false", "false"},
            {"[A-Z]", "x", "false", "false"}
        };
        for (String[] c : cases) {
            for (boolean sensitive : new boolean[] {false, true}) {
                String p = v2("'" + c[1] + "'", "'" + c[0] + "'", "string", "regex", "")
                        .replace("'caseSensitive':true", "'caseSensitive':" + sensitive);
                boolean expected = Boolean.parseBoolean(sensitive ? c[3] : c[2]);
                assertThat(out(run(node, 2, p, items("[{}]")), expected ? 0 : 1))
                        .as("/%s/ on %s, caseSensitive %s", c[0], c[1], sensitive)
                        .hasSize(1);
                String not = p.replace("'operation':'regex'", "'operation':'notRegex'");
                assertThat(out(run(node, 2, not, items("[{}]")), expected ? 1 : 0))
                        .as("notRegex /%s/ on %s, caseSensitive %s", c[0], c[1], sensitive)
                        .hasSize(1);
            }
        }
    }

    @Test
    void dateBooleanArrayObjectOperators() {
        assertThat(out(
                        run(
                                node,
                                2,
                                v2("'2024-01-02'", "'2024-01-01T10:00:00Z'", "dateTime", "after", ""),
                                items("[{}]")),
                        0))
                .hasSize(1);
        assertThat(out(run(node, 2, v2("true", "''", "boolean", "true", ""), items("[{}]")), 0))
                .hasSize(1);
        assertThat(out(run(node, 2, v2("[1,2,3]", "2", "array", "contains','rightType':'any", ""), items("[{}]")), 0))
                .hasSize(1);
        assertThat(out(
                        run(node, 2, v2("[1,2,3]", "3", "array", "lengthGte','rightType':'number", ""), items("[{}]")),
                        0))
                .hasSize(1);
        assertThat(out(run(node, 2, v2("{}", "''", "object", "empty", ""), items("[{}]")), 0))
                .hasSize(1);
        assertThat(out(run(node, 2, v2("null", "''", "string", "exists", ""), items("[{}]")), 1))
                .hasSize(1);
    }

    @Test
    void orCombinator() {
        String p =
                """
                {'conditions':{'conditions':[
                  {'leftValue':1,'rightValue':2,'operator':{'type':'number','operation':'equals'}},
                  {'leftValue':'a','rightValue':'a','operator':{'type':'string','operation':'equals'}}],
                 'combinator':'or'}}
                """;
        assertThat(out(run(node, 2, p, items("[{}]")), 0)).hasSize(1);
        assertThat(out(run(node, 2, p.replace("'or'", "'and'"), items("[{}]")), 1))
                .hasSize(1);
    }

    @Test
    void strictTypeMismatchIsAUserErrorUnlessLoose() {
        String p = v2("'={{ \\'5\\' }}'", "3", "number", "gt", "");
        assertThat(error(run(node, 2, p, items("[{}]"))))
                .isEqualTo("Wrong type: '5' is a string but was expecting a number [condition 0, item 0]");
        assertThat(out(
                        run(
                                node,
                                2.2,
                                loose(v2("'5'", "3", "number", "gt", ",'looseTypeValidation':true")),
                                items("[{}]")),
                        0))
                .hasSize(1);
        // n8n reads the filter's own typeValidation: the node's switch alone does not loosen a filter marked strict
        assertThat(error(run(
                        node,
                        2.2,
                        v2("'={{ \\'5\\' }}'", "3", "number", "gt", ",'looseTypeValidation':true"),
                        items("[{}]"))))
                .isEqualTo("Wrong type: '5' is a string but was expecting a number [condition 0, item 0]");
        assertThat(out(run(node, 2.2, v2("'5'", "3", "number", "gt", ""), items("[{}]")), 0))
                .as("a literal typed into the form is read as the operator's type")
                .hasSize(1);
        assertThat(error(run(
                        node,
                        2.2,
                        loose(v2("'x'", "3", "number", "gt", ",'looseTypeValidation':true")),
                        items("[{}]"))))
                .contains("can't be converted to a number");
    }

    /**
     * Filter version 3 (If 2.3's new filters): a blank string or empty array compared as a number is null, not the 0
     * that Number() makes of it, and no strict type error. The filter's own version decides, not the node's.
     */
    @Test
    void filterVersion3ReadsBlankNumbersAsNull() {
        String data = "[{'a':''},{'a':' \\u00a0\\n'},{'a':[]},{'a':0}]";
        String v3 = v2("'={{ $json.a }}'", "0", "number", "equals", "")
                .replace("'typeValidation':'strict'", "'typeValidation':'strict','version':3");
        var r = run(node, 2.3, v3, items(data));
        assertThat(out(r, 0)).isEqualTo(jsons("[{'a':0}]"));
        assertThat(out(r, 1)).hasSize(3);
        String empty = v3.replace("'operation':'equals'", "'operation':'empty'");
        assertThat(out(run(node, 2.3, empty, items(data)), 0)).hasSize(3);
        // loose version 2 converts them to 0; loose version 3 does not
        assertThat(out(run(node, 2.2, loose(v3.replace("'version':3", "'version':2")), items(data)), 0))
                .hasSize(4);
        assertThat(out(run(node, 2.3, loose(v3), items(data)), 0)).hasSize(1);
        // a filter written at version 2 keeps its strict type error on an If 2.3
        assertThat(error(run(node, 2.3, v3.replace("'version':3", "'version':2"), items(data))))
                .isEqualTo("Wrong type: '' is a string but was expecting a number [condition 0, item 0]");
        // [0] is no empty array: Number([0]) is 0
        assertThat(out(run(node, 2.3, loose(v3), items("[{'a':[0]}]")), 0)).hasSize(1);
    }

    /** A filter without a version (1) takes a loose boolean by JavaScript truthiness; version 2 on parses "false". */
    @Test
    void looseBooleansByFilterVersion() {
        String isTrue = loose(v2("'={{ $json.b }}'", "''", "boolean", "true", ""));
        String data = "[{'b':'false'},{'b':'0'},{'b':'true'},{'b':''}]";
        assertThat(out(run(node, 2.1, isTrue, items(data)), 0))
                .isEqualTo(jsons("[{'b':'false'},{'b':'0'},{'b':'true'}]"));
        String v2 = isTrue.replace("'typeValidation':'loose'", "'typeValidation':'loose','version':2");
        assertThat(out(run(node, 2.3, v2, items(data)), 0)).isEqualTo(jsons("[{'b':'true'}]"));
    }

    /** A new If 2.3 gets filter version 3, as n8n's editor writes it; 2.2 gets 2 and older versions 1. */
    @Test
    void theFilterVersionDefaultFollowsTheNodeVersion() {
        var d = node.descriptor();
        assertThat(d.supports(2.3)).isTrue();
        assertThat(d.propertyAt("conditions.options.version", 2.3)
                        .defaultValue()
                        .asInt())
                .isEqualTo(3);
        assertThat(d.propertyAt("conditions.options.version", 2.2)
                        .defaultValue()
                        .asInt())
                .isEqualTo(2);
        assertThat(d.propertyAt("conditions.options.version", 2.1)
                        .defaultValue()
                        .asInt())
                .isEqualTo(1);
        assertThat(new FilterNode()
                        .descriptor()
                        .propertyAt("conditions.options.version", 2.3)
                        .defaultValue()
                        .asInt())
                .isEqualTo(3);
    }

    @Test
    void filterErrorsFollowN8nWording() {
        // the 0-based condition index and the item go in one bracket; "an" before a vowel
        String second =
                """
                {'conditions':{'options':{'typeValidation':'strict'},'conditions':[
                  {'leftValue':1,'rightValue':1,'operator':{'type':'number','operation':'equals'}},
                  {'leftValue':'={{ $json.v }}','rightValue':'={{ [1] }}','operator':{'type':'array','operation':'contains'}}],
                 'combinator':'and'}}
                """;
        assertThat(error(run(node, 2, second, items("[{'v':[1]},{'v':'x'}]"))))
                .isEqualTo("Wrong type: 'x' is a string but was expecting an array [condition 1, item 1]");
        // with no rightType the right side takes the operator's type: 'b' is no array (loose: conversion error)
        String loose = second.replace("'strict'", "'loose'").replace("'={{ [1] }}'", "'b'");
        assertThat(error(run(node, 2, loose, items("[{'v':[1]}]"))))
                .isEqualTo("Conversion error: the string 'b' can't be converted to an array [condition 1, item 0]");
        // an explicit rightType of any lets any value through
        assertThat(out(
                        run(
                                node,
                                2,
                                loose.replace("'contains'}", "'contains','rightType':'any'}"),
                                items("[{'v':['b']}]")),
                        0))
                .hasSize(1);
        // both sides unconvertible and of the same JavaScript type: one message without position
        assertThat(error(run(node, 2, v2("'={{ \\'a\\' }}'", "'={{ \\'b\\' }}'", "number", "gt", ""), items("[{}]"))))
                .isEqualTo("Comparison type expects a number but both fields are a string");
    }

    @Test
    void v1Conditions() {
        String p =
                """
                {'conditions':{'number':[{'value1':10,'operation':'larger','value2':5}],
                  'string':[{'value1':'abc','operation':'startsWith','value2':'x'}]},'combineOperation':'%s'}
                """;
        assertThat(out(run(node, 1, p.formatted("all"), items("[{}]")), 1)).hasSize(1);
        assertThat(out(run(node, 1, p.formatted("any"), items("[{}]")), 0)).hasSize(1);
        String dates =
                "{'conditions':{'dateTime':[{'value1':'2022-01-01','operation':'before','value2':'2023-01-01'}]}}";
        assertThat(out(run(node, 1, dates, items("[{}]")), 0)).isEqualTo(jsons("[{}]"));
        String bad = "{'conditions':{'dateTime':[{'value1':'nope','operation':'before','value2':'2023-01-01'}]}}";
        assertThat(error(run(node, 1, bad, items("[{}]")))).contains("is not a valid DateTime");
    }
}
