package io.hetumind.nodes.policy;

import static io.hetumind.nodes.NodeTests.items;
import static io.hetumind.nodes.NodeTests.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.engine.FileBinaryStore;
import io.hetumind.core.format.WorkflowFormat;
import io.hetumind.core.model.Workflow;
import io.hetumind.core.spi.ErrorKind;
import io.hetumind.core.spi.NodePolicy;
import io.hetumind.core.spi.NodePolicy.Capability;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.core.spi.NodeType;
import io.hetumind.nodes.NodePolicyCheck;
import io.hetumind.nodes.code.CodeNode;
import io.hetumind.nodes.code.FunctionItemNode;
import io.hetumind.nodes.code.FunctionNode;
import io.hetumind.nodes.credentials.NodeRunner;
import io.hetumind.nodes.data.SortNode;
import io.hetumind.nodes.files.FilesDir;
import io.hetumind.nodes.files.ReadBinaryFilesNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-instance switches: a node whose capability is off fails with a clear user error; on, it runs. */
class NodePolicyTest {

    private static final NodePolicy NOTHING = NodePolicy.builder()
            .allow(Capability.CODE, false)
            .allow(Capability.EXECUTE_COMMAND, false)
            .allow(Capability.LOCAL_FILES, false)
            .build();

    private static ExecutionResult run(NodeType type, double version, String params, NodePolicy policy, Path files) {
        NodeRunner runner = new NodeRunner(type);
        if (policy != null) {
            runner.service(NodePolicy.class, policy);
        }
        if (files != null) {
            runner.service(FilesDir.class, new FilesDir(files));
            try {
                runner.binaryStore(new FileBinaryStore(Files.createTempDirectory("bin"), 1 << 20));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return runner.run(version, json(params), items("[{'n':2},{'n':1}]"));
    }

    private static void assertDisabled(ExecutionResult r, String node, String activity) {
        assertThat(r.status()).isEqualTo(ExecutionStatus.ERROR);
        assertThat(r.state().error().message())
                .isEqualTo("The " + node + " node is disabled on this instance — its administrator does not allow "
                        + activity);
    }

    @Test
    void codeNodesRefuseToRunWhenCodeIsOffAndRunWhenItIsOn() {
        String code = "{'jsCode':'return [{json: {sum: $input.all().length}}];'}";
        assertDisabled(run(new CodeNode(), 2, code, NOTHING, null), "Code", "running code in workflows");
        assertDisabled(
                run(new FunctionNode(), 1, "{'functionCode':'return items;'}", NOTHING, null),
                "Function",
                "running code in workflows");
        assertDisabled(
                run(new FunctionItemNode(), 1, "{'functionCode':'return item;'}", NOTHING, null),
                "Function Item",
                "running code in workflows");
        assertDisabled(
                run(new SortNode(), 1, "{'type':'code','code':'return a.n - b.n;'}", NOTHING, null),
                "Sort (code)",
                "running code in workflows");

        NodePolicy codeOnly = NodePolicy.builder()
                .allow(Capability.LOCAL_FILES, false)
                .allow(Capability.EXECUTE_COMMAND, false)
                .build();
        for (NodePolicy allowed : new NodePolicy[] {codeOnly, null}) {
            ExecutionResult r = run(new CodeNode(), 2, code, allowed, null);
            assertThat(r.status()).as("%s", r.state().error()).isEqualTo(ExecutionStatus.SUCCESS);
            assertThat(r.output("Node", 0).getFirst().json().get("sum").asInt()).isEqualTo(2);
        }
        // Sort without code is data work, not code: it runs whatever the switch says
        ExecutionResult simple = run(
                new SortNode(),
                1,
                "{'type':'simple','sortFieldsUi':{'sortField':[{'fieldName':'n','order':'ascending'}]}}",
                NOTHING,
                null);
        assertThat(simple.status()).as("%s", simple.state().error()).isEqualTo(ExecutionStatus.SUCCESS);
    }

    @Test
    void readingLocalFilesIsRefusedWhenTheSwitchIsOffEvenInsideTheAllowedDirectory(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.txt"), "hello");
        ExecutionResult off = run(new ReadBinaryFilesNode(), 1, "{'fileSelector':'*.txt'}", NOTHING, dir);
        assertDisabled(off, "Read Binary Files", "reading or writing files on the host's disk");
        assertThat(off.state().error().kind()).isEqualTo(ErrorKind.USER);

        ExecutionResult on = run(new ReadBinaryFilesNode(), 1, "{'fileSelector':'*.txt'}", NodePolicy.allowAll(), dir);
        assertThat(on.status()).as("%s", on.state().error()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(on.output("Node", 0)).hasSize(1);
    }

    @Test
    void validationNamesEveryEnabledNodeTheInstanceSwitchesOff() {
        Workflow wf = WorkflowFormat.readJson(
                """
                {"name":"w","nodes":[
                  {"name":"Start","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"parameters":{}},
                  {"name":"JS","type":"n8n-nodes-base.code","typeVersion":2,"parameters":{}},
                  {"name":"Shell","type":"hetumind.executeCommand","typeVersion":1,"parameters":{"command":"ls"}},
                  {"name":"Files","type":"hetumind.readBinaryFiles","typeVersion":1,"parameters":{"fileSelector":"*"}},
                  {"name":"Sorted","type":"hetumind.sort","typeVersion":1,"parameters":{"type":"code","code":"return 0;"}},
                  {"name":"Plain sort","type":"hetumind.sort","typeVersion":1,"parameters":{"type":"simple"}},
                  {"name":"Off","type":"hetumind.code","typeVersion":2,"parameters":{},"disabled":true},
                  {"name":"Fn","type":"n8n-nodes-base.function","typeVersion":1,"parameters":{}},
                  {"name":"FnItem","type":"n8n-nodes-base.functionItem","typeVersion":1,"parameters":{}},
                  {"name":"Read one","type":"n8n-nodes-base.readBinaryFile","typeVersion":1,"parameters":{}},
                  {"name":"Write one","type":"n8n-nodes-base.writeBinaryFile","typeVersion":1,"parameters":{}},
                  {"name":"Disk","type":"n8n-nodes-base.readWriteFile","typeVersion":1.1,"parameters":{}},
                  {"name":"Watch","type":"n8n-nodes-base.localFileTrigger","typeVersion":1,"parameters":{}},
                  {"name":"Unknown","type":"n8n-nodes-base.noSuchNode","typeVersion":1,"parameters":{}}],
                 "connections":{}}
                """);
        NodeRegistry registry = NodeRegistry.load();
        assertThat(NodePolicyCheck.problems(wf, registry, NOTHING))
                .extracting(p -> p.node() + " " + p.code() + " " + p.path())
                .containsExactly(
                        "JS node-disabled $.nodes[1].type",
                        "Shell node-disabled $.nodes[2].type",
                        "Files node-disabled $.nodes[3].type",
                        "Sorted node-disabled $.nodes[4].type",
                        "Fn node-disabled $.nodes[7].type",
                        "FnItem node-disabled $.nodes[8].type",
                        "Read one node-disabled $.nodes[9].type",
                        "Write one node-disabled $.nodes[10].type",
                        "Disk node-disabled $.nodes[11].type",
                        "Watch node-disabled $.nodes[12].type");
        assertThat(NodePolicyCheck.problems(wf, registry, NOTHING).get(1).message())
                .isEqualTo("this instance does not allow running commands on the host, so this node cannot run here");
        assertThat(NodePolicyCheck.problems(wf, registry, NOTHING).getLast().message())
                .isEqualTo("this instance does not allow reading or writing files on the host's disk, so this node"
                        + " cannot run here");
        assertThat(NodePolicyCheck.problems(wf, registry, NodePolicy.allowAll()))
                .isEmpty();
    }
}
