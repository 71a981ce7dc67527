package io.hetumind.nodes.data;

import static io.hetumind.nodes.NodeTests.error;
import static io.hetumind.nodes.NodeTests.items;
import static io.hetumind.nodes.NodeTests.jsons;
import static io.hetumind.nodes.NodeTests.out;
import static io.hetumind.nodes.NodeTests.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.nodes.flow.FilterNode;
import io.hetumind.nodes.flow.StopAndErrorNode;
import org.junit.jupiter.api.Test;

class TransformNodesTest {

    @Test
    void filterV2KeepsMatchingItemsAndV1Works() {
        String v2 =
                """
                {'conditions':{'conditions':[{'leftValue':'={{ $json.n }}','rightValue':2,
                  'operator':{'type':'number','operation':'gte'}}],'combinator':'and'}}
                """;
        var r = run(new FilterNode(), 2, v2, items("[{'n':1},{'n':2},{'n':3}]"));
        assertThat(out(r, 0)).isEqualTo(jsons("[{'n':2},{'n':3}]"));
        assertThat(r.output("Node", 0).getFirst().pairedItem().item()).isEqualTo(1);
        String v1 = "{'conditions':{'string':[{'value1':'={{ $json.s }}','operation':'contains','value2':'b'}]}}";
        assertThat(out(run(new FilterNode(), 1, v1, items("[{'s':'abc'},{'s':'xyz'}]")), 0))
                .isEqualTo(jsons("[{'s':'abc'}]"));
    }

    @Test
    void limitFirstAndLastAndRejectsNegative() {
        var in = items("[{'n':1},{'n':2},{'n':3}]");
        assertThat(out(run(new LimitNode(), 1, "{'maxItems':2}", in), 0)).isEqualTo(jsons("[{'n':1},{'n':2}]"));
        assertThat(out(run(new LimitNode(), 1, "{'maxItems':1,'keep':'lastItems'}", in), 0))
                .isEqualTo(jsons("[{'n':3}]"));
        assertThat(error(run(new LimitNode(), 1, "{'maxItems':-1}", in))).contains("maxItems");
    }

    @Test
    void splitOutListsAndObjects() {
        var in = items("[{'id':7,'list':[{'a':1},{'a':2}],'tags':['x','y']}]");
        assertThat(out(run(new SplitOutNode(), 1, "{'fieldToSplitOut':'list'}", in), 0))
                .isEqualTo(jsons("[{'a':1},{'a':2}]"));
        assertThat(out(
                        run(
                                new SplitOutNode(),
                                1,
                                "{'fieldToSplitOut':'tags','include':'selectedOtherFields',"
                                        + "'fieldsToInclude':'id'}",
                                in),
                        0))
                .isEqualTo(jsons("[{'id':7,'tags':'x'},{'id':7,'tags':'y'}]"));
        assertThat(out(
                        run(
                                new SplitOutNode(),
                                1,
                                "{'fieldToSplitOut':'tags','include':'allOtherFields',"
                                        + "'options':{'destinationFieldName':'t.v'}}",
                                in),
                        0))
                .isEqualTo(jsons("[{'id':7,'list':[{'a':1},{'a':2}],'t':{'v':'x'}},"
                        + "{'id':7,'list':[{'a':1},{'a':2}],'t':{'v':'y'}}]"));
        assertThat(error(run(
                        new SplitOutNode(), 1, "{'fieldToSplitOut':'a,b','options':{'destinationFieldName':'x'}}", in)))
                .contains("same number of destination fields");
    }

    @Test
    void removeDuplicatesModes() {
        var in = items("[{'a':1,'b':1},{'a':1,'b':1.0},{'a':1,'b':2},{'a':2,'b':2}]");
        var rd = new RemoveDuplicatesNode();
        assertThat(out(run(rd, 1, "{}", in), 0)).hasSize(3);
        assertThat(out(run(rd, 1, "{'compare':'selectedFields','fieldsToCompare':'a'}", in), 0))
                .isEqualTo(jsons("[{'a':1,'b':1},{'a':2,'b':2}]"));
        assertThat(out(
                        run(
                                rd,
                                1,
                                "{'compare':'allFieldsExcept','fieldsToExclude':'b',"
                                        + "'options':{'removeOtherFields':true}}",
                                in),
                        0))
                .isEqualTo(jsons("[{'a':1},{'a':2}]"));
        assertThat(error(run(rd, 1, "{'compare':'selectedFields'}", in))).contains("No fields specified");
    }

    @Test
    void renameKeysByPathAndRegex() {
        var in = items("[{'a':{'b':1},'user_name':'x','nested':{'user_id':2}}]");
        assertThat(out(run(new RenameKeysNode(), 1, "{'keys':{'key':[{'currentKey':'a.b','newKey':'c'}]}}", in), 0))
                .isEqualTo(jsons("[{'a':{},'c':1,'user_name':'x','nested':{'user_id':2}}]"));
        String regex = "{'additionalOptions':{'regexReplacement':{'replacements':[{'searchRegex':'^user_',"
                + "'replaceRegex':'u_','options':{'depth':-1}}]}}}";
        assertThat(out(run(new RenameKeysNode(), 1, regex, in), 0))
                .isEqualTo(jsons("[{'a':{'b':1},'u_name':'x','nested':{'u_id':2}}]"));
    }

    @Test
    void stopAndErrorFailsWithMessageOrObject() {
        assertThat(error(run(new StopAndErrorNode(), 1, "{'errorMessage':'boom {{ 1 }}'}", items("[{}]"))))
                .isEqualTo("boom {{ 1 }}");
        assertThat(error(run(
                        new StopAndErrorNode(),
                        1,
                        "{'errorType':'errorObject','errorObject':'{`message`:`bad thing`}'}",
                        items("[{}]"))))
                .isEqualTo("bad thing");
        // n8n's Error Object starts empty (the sample is a placeholder): an export that leaves it out fails on that
        assertThat(error(run(new StopAndErrorNode(), 1, "{'errorType':'errorObject'}", items("[{}]"))))
                .isEqualTo("Error object is empty");
    }

    @Test
    void splitOutKeepsTheInputsFilesOnlyWhenIncludeBinaryIsSet() throws java.io.IOException {
        var store = new io.hetumind.core.engine.FileBinaryStore(
                java.nio.file.Files.createTempDirectory("split-binary"), 1 << 20);
        var ref = store.put(
                "exec", new java.io.ByteArrayInputStream(new byte[] {1, 2}), "application/octet-stream", "a.bin");
        var input = io.hetumind.core.model.Item.of(io.hetumind.nodes.NodeTests.json("{'list':[1,2]}"))
                .withBinary(java.util.Map.of("file", ref));
        var runner = new io.hetumind.nodes.credentials.NodeRunner(new SplitOutNode()).binaryStore(store);
        // n8n's new items are JSON only unless Include Binary is on
        var plain =
                runner.run(1, io.hetumind.nodes.NodeTests.json("{'fieldToSplitOut':'list'}"), java.util.List.of(input));
        assertThat(plain.output("Node", 0)).hasSize(2).allSatisfy(i -> assertThat(i.binary())
                .isEmpty());
        var with = runner.run(
                1,
                io.hetumind.nodes.NodeTests.json("{'fieldToSplitOut':'list','options':{'includeBinary':true}}"),
                java.util.List.of(input));
        assertThat(with.output("Node", 0)).hasSize(2).allSatisfy(i -> assertThat(i.binary())
                .containsEntry("file", ref));
        // Item Lists 3 splits out the same way
        var lists = new io.hetumind.nodes.credentials.NodeRunner(new ItemListsNode()).binaryStore(store);
        assertThat(lists.run(
                                3.1,
                                io.hetumind.nodes.NodeTests.json(
                                        "{'operation':'splitOutItems','fieldToSplitOut':'list'}"),
                                java.util.List.of(input))
                        .output("Node", 0))
                .hasSize(2)
                .allSatisfy(i -> assertThat(i.binary()).isEmpty());
        assertThat(lists.run(
                                3.1,
                                io.hetumind.nodes.NodeTests.json(
                                        "{'operation':'splitOutItems','fieldToSplitOut':'list',"
                                                + "'options':{'includeBinary':true}}"),
                                java.util.List.of(input))
                        .output("Node", 0))
                .hasSize(2)
                .allSatisfy(i -> assertThat(i.binary()).containsKey("file"));
    }
}
