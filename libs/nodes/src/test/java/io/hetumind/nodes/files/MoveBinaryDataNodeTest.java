package io.hetumind.nodes.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.core.engine.Engine;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.engine.FileBinaryStore;
import io.hetumind.core.engine.RunRequest;
import io.hetumind.core.format.WorkflowFormat;
import io.hetumind.core.model.BinaryRef;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.BinaryStore;
import io.hetumind.nodes.NodeTests;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Convert to/from binary data through the real engine and a file binary store. What n8n 2.8.4 gives for both versions
 * is pinned by n8n-recorded/MoveBinaryData; here the bytes written and the errors for input n8n would turn into an
 * unusable item.
 */
class MoveBinaryDataNodeTest {

    @TempDir
    Path dir;

    private BinaryStore store;

    /** Start → To (jsonToBinary params) → Back (binaryToJson params), 1.1. */
    private ExecutionResult run(String to, String back, String input) {
        store = new FileBinaryStore(dir, 1 << 20);
        String wf =
                """
                {"name":"move","nodes":[
                  {"name":"Start","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"parameters":{}},
                  {"name":"To","type":"n8n-nodes-base.moveBinaryData","typeVersion":1.1,"parameters":%s},
                  {"name":"Back","type":"n8n-nodes-base.moveBinaryData","typeVersion":1.1,"parameters":%s}],
                 "connections":{
                   "Start":{"main":[[{"node":"To","type":"main","index":0}]]},
                   "To":{"main":[[{"node":"Back","type":"main","index":0}]]}}}
                """
                        .formatted(to.replace('\'', '"'), back.replace('\'', '"'));
        Engine engine = Engine.builder()
                .expressions(NodeTests.expressions())
                .service(BinaryStore.class, store)
                .build();
        return engine.run(
                engine.prepare(WorkflowFormat.readJson(wf)),
                RunRequest.defaults().sequential().withInput(NodeTests.items(input)));
    }

    @Test
    void writesTheEncodingAndByteOrderMarkAskedForAndReadsThemBack() throws Exception {
        ExecutionResult r = run(
                "{'mode':'jsonToBinary','convertAllData':false,'sourceKey':'t','destinationKey':'f',"
                        + "'options':{'useRawData':true,'encoding':'utf16le','addBOM':true,'fileName':'a.txt'}}",
                "{'setAllData':false,'sourceKey':'f','destinationKey':'back','options':{'encoding':'utf16le'}}",
                "[{'t':'Zoë'}]");
        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
        Item written = r.output("To", 0).getFirst();
        BinaryRef f = written.binary().get("f");
        assertThat(f.fileName()).isEqualTo("a.txt");
        assertThat(f.mimeType()).isEqualTo("text/plain");
        assertThat(store.read(f)).isEqualTo(("\uFEFFZoë").getBytes(StandardCharsets.UTF_16LE));
        assertThat(written.json().has("t")).isFalse();
        Item back = r.output("Back", 0).getFirst();
        // iconv-lite strips the mark it added unless told not to; the source binary goes unless kept
        assertThat(back.json().path("back").asText()).isEqualTo("Zoë");
        assertThat(back.binary()).isEmpty();
    }

    @Test
    void anItemWithoutTheSourceIsLeftOut() {
        ExecutionResult r = run(
                "{'mode':'jsonToBinary','convertAllData':false,'sourceKey':'a.b','options':{}}",
                "{'sourceKey':'nope','options':{}}",
                "[{'a':{'b':[1]}},{'a':{}},{'x':1}]");
        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(r.output("To", 0)).hasSize(1);
        assertThat(r.output("Back", 0)).isEmpty();
    }

    @Test
    void badInputIsAClearErrorNamingTheItem() {
        ExecutionResult notJson = run(
                "{'mode':'jsonToBinary','convertAllData':false,'sourceKey':'t','options':{'useRawData':true}}",
                "{'options':{}}",
                "[{'t':'{}'},{'t':'not json'}]");
        assertThat(NodeTests.error(notJson))
                .startsWith("The data is not valid JSON: ")
                .endsWith("[item 1]");

        ExecutionResult array = run(
                "{'mode':'jsonToBinary','convertAllData':false,'sourceKey':'t','options':{}}",
                "{'options':{}}",
                "[{'t':[1,2]}]");
        assertThat(NodeTests.error(array)).contains("not an object (object)").contains("Set All Data");
    }

    @Test
    void base64IsReadAsNodeReadsIt() {
        // Buffer.from(text, 'base64'): stray characters skipped, URL-safe letters read, padding optional
        assertThat(BinaryFiles.nodeBase64("aGk=")).isEqualTo("hi".getBytes(StandardCharsets.UTF_8));
        assertThat(BinaryFiles.nodeBase64("a G\nk")).isEqualTo("hi".getBytes(StandardCharsets.UTF_8));
        assertThat(BinaryFiles.nodeBase64("%%%")).isEmpty();
        assertThat(BinaryFiles.nodeBase64("_-8")).containsExactly(0xFF, 0xEF);
        assertThat(BinaryFiles.nodeBase64("aGk=ignored")).isEqualTo("hi".getBytes(StandardCharsets.UTF_8));
        assertThat(BinaryFiles.nodeBase64("aGkx2")).isEqualTo("hi1".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void base64InIsBase64Out() throws Exception {
        ExecutionResult r = run(
                "{'mode':'jsonToBinary','convertAllData':false,'sourceKey':'t','options':{'dataIsBase64':true}}",
                "{'setAllData':false,'destinationKey':'d','options':{'keepAsBase64':true,'keepSource':true}}",
                "[{'t':'AP8Q'}]");
        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
        Item back = r.output("Back", 0).getFirst();
        assertThat(store.read(back.binary().get("data"))).containsExactly(0x00, 0xFF, 0x10);
        assertThat(back.json().path("d").asText()).isEqualTo("AP8Q");
        assertThat(List.copyOf(back.binary().keySet())).containsExactly("data");
    }
}
