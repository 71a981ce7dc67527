package io.hetumind.nodes.data;

import static io.hetumind.nodes.NodeTests.error;
import static io.hetumind.nodes.NodeTests.items;
import static io.hetumind.nodes.NodeTests.jsons;
import static io.hetumind.nodes.NodeTests.out;
import static io.hetumind.nodes.NodeTests.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.spi.Json;
import org.junit.jupiter.api.Test;

class SortCodeTest {

    private final SortNode sort = new SortNode();

    private static String params(String code) {
        ObjectNode p = Json.object().put("type", "code").put("code", code);
        return Json.write(p);
    }

    @Test
    void ordersByTheCompareFunctionAndKeepsLineage() {
        var in = items("[{'n':3},{'n':1},{'n':2}]");
        var r = run(sort, 1, params("return a.json.n - b.json.n;"), in);
        assertThat(out(r, 0)).isEqualTo(jsons("[{'n':1},{'n':2},{'n':3}]"));
        var desc = run(sort, 1, params("const x = a.json.n;\nreturn x === b.json.n ? 0 : x < b.json.n ? 1 : -1;"), in);
        assertThat(out(desc, 0)).isEqualTo(jsons("[{'n':3},{'n':2},{'n':1}]"));
    }

    @Test
    void codeWithoutReturnAndFailingCodeAreUserErrors() {
        var in = items("[{'n':1},{'n':2}]");
        assertThat(error(run(sort, 1, params("a.json.n - b.json.n"), in)))
                .contains("Sort code doesn't return. Please add a 'return' statement to your code");
        assertThat(error(run(sort, 1, params("return a.json.n.nope.x;"), in))).isNotBlank();
    }
}
