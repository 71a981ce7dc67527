package io.hetumind.nodes.data.compare;

import static io.hetumind.nodes.NodeTests.items;
import static io.hetumind.nodes.NodeTests.out;
import static io.hetumind.nodes.NodeTests.runInputs;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * n8n's Compare Datasets v1 fixture (workflow.compareDatasets.json) feeds data through legacy Function
 * nodes that this branch cannot run; these tests replay it and check what those Function nodes check.
 */
class CompareDatasetsFixtureTest {

    private final CompareDatasetsNode node = new CompareDatasetsNode();

    @Test
    void firstMatchByIdAndText() {
        String a = "[{'id':1,'text':'foo','data':'A','data2':555,'memo':'test'},{'id':2,'text':'bar bar','data':'E'},"
                + "{'id':3,'text':'spam','data':'C'},{'id':4,'text':'not matched','data':'Y'}]";
        String b = "[{'id':1,'text':'foo','data':'D','data3':111,'memo':'test'},{'id':1,'text':'foo','data':'DD'},"
                + "{'id':2,'text':'bar bar','data':'E'},{'id':3,'text':'spam','data':'F'},{'id':5,'text':'spam','data':'X'}]";
        var r = runInputs(
                node,
                1,
                "{'mergeByFields':{'values':[{'field1':'id','field2':'id'},"
                        + "{'field1':'text','field2':'text'}]},'options':{'multipleMatches':'first'}}",
                List.of(items(a), items(b)));
        assertThat(out(r, 0)).extracting(j -> j.path("data").asText()).containsExactly("Y");
        assertThat(out(r, 1)).extracting(j -> j.path("data").asText()).containsExactly("E");
        assertThat(out(r, 2)).hasSize(2);
        assertThat(out(r, 3)).extracting(j -> j.path("data").asText()).containsExactly("DD", "X");
    }

    @Test
    void allMatchesIncludeBoth() {
        String a = "[{'id':1,'data':'A'},{'id':2,'data':'B'},{'id':3,'data':'C'}]";
        String b = "[{'id':1,'data':'D'},{'id':1,'data':'DD'},{'id':2,'data':'E'},{'id':2,'data':'EE'},"
                + "{'id':3,'data':'F'},{'id':3,'data':'FF'},{'id':5,'data':'X'}]";
        var r = runInputs(
                node,
                1,
                "{'mergeByFields':{'values':[{'field1':'id','field2':'id'}]},'resolve':'includeBoth',"
                        + "'options':{'multipleMatches':'all'}}",
                List.of(items(a), items(b)));
        assertThat(out(r, 2)).extracting(j -> j.path("keys").path("id").asInt()).containsExactly(1, 1, 2, 2, 3, 3);
        assertThat(out(r, 3)).extracting(j -> j.path("id").asInt()).containsExactly(5);
    }

    @Test
    void mixByDotNotationAndDisabledDotNotation() {
        String a = "[{'id':{'code':1},'data':'A'},{'id':{'code':2},'data':'B'},{'id':{'code':3},'data':'C'},"
                + "{'id':{'code':4},'data':'AA'}]";
        String b = "[{'id':{'code':1},'data':'A'},{'id':{'code':2},'data':'E'},{'id':{'code':3},'data':'F'},"
                + "{'id':{'code':5},'data':'EE'}]";
        String byCode = "'mergeByFields':{'values':[{'field1':'id.code','field2':'id.code'}]}";
        var mix = runInputs(
                node,
                1,
                "{" + byCode + ",'resolve':'mix','exceptWhenMix':'data'," + "'options':{'multipleMatches':'all'}}",
                List.of(items(a), items(b)));
        assertThat(out(mix, 0).getFirst().path("data").asText()).isEqualTo("AA");
        assertThat(out(mix, 1).getFirst().path("data").asText()).isEqualTo("A");
        assertThat(out(mix, 2)).extracting(j -> j.path("data").asText()).containsExactly("E", "F");
        assertThat(out(mix, 3).getFirst().path("data").asText()).isEqualTo("EE");
        String a2 = "[{'id':{'code':1},'data':'A'},{'id':{'code':2},'data':'B'},{'id':{'code':3},'data':'C'},"
                + "{'id.code':'AAA'}]";
        String b2 = "[{'id':{'code':1},'data':'D'},{'id':{'code':2},'data':'E'},{'id':{'code':3},'data':'F'},"
                + "{'id.code':'AAA'}]";
        var dotted = runInputs(node, 1, "{" + byCode + ",'resolve':'includeBoth'}", List.of(items(a2), items(b2)));
        assertThat(out(dotted, 1).getFirst().path("id.code").asText()).isEqualTo("AAA");
        assertThat(out(dotted, 2)).hasSize(3);
        var flat = runInputs(
                node,
                1,
                "{" + byCode + ",'resolve':'includeBoth','options':{'disableDotNotation':true}}",
                List.of(items(a2), items(b2)));
        assertThat(out(flat, 0)).hasSize(3);
        assertThat(out(flat, 1).getFirst().path("id.code").asText()).isEqualTo("AAA");
        assertThat(out(flat, 3)).hasSize(3);
    }
}
