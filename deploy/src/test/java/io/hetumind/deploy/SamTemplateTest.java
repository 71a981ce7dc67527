package io.hetumind.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.lambda.config.RunnerConfig;
import io.hetumind.lambda.handler.RunnerHandler;
import io.hetumind.lambda.handler.RunnerRequest;
import io.hetumind.lambda.handler.RunnerResponse;
import io.hetumind.lambda.state.S3Checkpointer;
import jakarta.inject.Named;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** deploy/sam/template.yaml parses, its references resolve, and it matches the runner's code. */
class SamTemplateTest {

    private static Path sam;
    private static ObjectNode template;
    private static ObjectNode resources;

    @BeforeAll
    static void read() throws Exception {
        sam = Yaml.repo().resolve("deploy/sam");
        String text = Files.readString(sam.resolve("template.yaml"));
        assertThat(text)
                .as("long-form intrinsics only, so plain YAML parsers read it")
                .doesNotContain("!Ref", "!Sub", "!GetAtt", "!If");
        template = (ObjectNode) Yaml.MAPPER.readTree(text);
        resources = (ObjectNode) template.path("Resources");
    }

    private static JsonNode resource(String type) {
        List<JsonNode> found = new ArrayList<>();
        resources.forEach(r -> {
            if (r.path("Type").asText().equals(type)) {
                found.add(r);
            }
        });
        assertThat(found).as(type).hasSize(1);
        return found.getFirst();
    }

    @Test
    void everyReferenceResolves() {
        Set<String> names = new HashSet<>();
        template.path("Parameters").fieldNames().forEachRemaining(names::add);
        resources.fieldNames().forEachRemaining(names::add);
        resources.fields().forEachRemaining(e -> {
            if (e.getValue().path("Properties").has("AutoPublishAlias")) {
                names.add(e.getKey() + ".Alias");
            }
        });
        List<String> refs = new ArrayList<>();
        collect(template, refs);
        assertThat(refs).isNotEmpty();
        List<String> conditions = new ArrayList<>();
        conditionsUsed(template, conditions);
        for (String condition : conditions) {
            assertThat(template.path("Conditions").has(condition))
                    .as("condition %s is declared", condition)
                    .isTrue();
        }
        for (String ref : refs) {
            assertThat(ref.startsWith("AWS::") || names.contains(ref))
                    .as("reference %s resolves", ref)
                    .isTrue();
        }
    }

    private static void conditionsUsed(JsonNode n, List<String> out) {
        if (n.isObject()) {
            n.fields().forEachRemaining(e -> {
                if (e.getKey().equals("Fn::If")) {
                    out.add(e.getValue().get(0).asText());
                }
                conditionsUsed(e.getValue(), out);
            });
        } else if (n.isArray()) {
            n.forEach(c -> conditionsUsed(c, out));
        }
    }

    private static void collect(JsonNode n, List<String> refs) {
        if (n.isObject()) {
            n.fields().forEachRemaining(e -> {
                switch (e.getKey()) {
                    case "Ref" -> refs.add(e.getValue().asText());
                    case "Fn::GetAtt" -> refs.add(e.getValue().get(0).asText());
                    case "Fn::Sub" -> {
                        Matcher m = Pattern.compile("\\$\\{([^}!]+)}")
                                .matcher(e.getValue().asText());
                        while (m.find()) {
                            String v = m.group(1);
                            refs.add(v.contains(".") && !v.endsWith(".Alias") ? v.substring(0, v.indexOf('.')) : v);
                        }
                    }
                    default -> collect(e.getValue(), refs);
                }
            });
        } else if (n.isArray()) {
            n.forEach(c -> collect(c, refs));
        }
    }

    @Test
    void theFunctionIsTheRunnersHandlerOnTheProjectsJava() throws Exception {
        JsonNode fn = resource("AWS::Serverless::Function").path("Properties");
        String[] handler = fn.path("Handler").asText().split("::");
        Class<?> type = Class.forName(handler[0]);
        assertThat(type.getMethod(handler[1], InputStream.class, OutputStream.class, Context.class))
                .isNotNull();
        String pom = Files.readString(Yaml.repo().resolve("pom.xml"));
        Matcher release = Pattern.compile("<maven.compiler.release>(\\d+)</maven.compiler.release>")
                .matcher(pom);
        assertThat(release.find()).isTrue();
        assertThat(fn.path("Runtime").asText()).isEqualTo("java" + release.group(1));
        Path code = sam.resolve(fn.path("CodeUri").asText()).normalize();
        assertThat(code).isEqualTo(Yaml.repo().resolve("services/lambda-runner/target/function.zip"));

        // the Quarkus handler dispatches to the bean quarkus.lambda.handler names: ours
        Properties props = new Properties();
        try (InputStream in = RunnerHandler.class.getResourceAsStream("/application.properties")) {
            props.load(in);
        }
        assertThat(props.getProperty("quarkus.lambda.handler"))
                .isEqualTo(RunnerHandler.class.getAnnotation(Named.class).value());

        // every environment variable is a key of the runner's configuration
        Set<String> configKeys = new HashSet<>();
        for (var m : RunnerConfig.class.getMethods()) {
            String key = "HETUMIND_LAMBDA_" + envName(m.getName());
            configKeys.add(key);
            if (m.getReturnType().isInterface() && m.getReturnType().getEnclosingClass() == RunnerConfig.class) {
                for (var nested : m.getReturnType().getMethods()) {
                    configKeys.add(key + "_" + envName(nested.getName()));
                }
            }
        }
        fn.path("Environment").path("Variables").fieldNames().forEachRemaining(env -> {
            assertThat(configKeys).as("%s configures the runner", env).contains(env);
        });
        assertThat(fn.path("Environment")
                        .path("Variables")
                        .path("HETUMIND_LAMBDA_BUCKET")
                        .path("Ref")
                        .asText())
                .isEqualTo(bucketName());
    }

    private static String envName(String method) {
        return method.replaceAll("([A-Z])", "_$1").toUpperCase();
    }

    /**
     * The credentials secret: the function may read exactly the secret the stack is given, and only when it is given
     * one; the variable that names it to the runner is set under the same condition.
     */
    @Test
    void theFunctionReadsOnlyTheCredentialsSecretItIsGiven() {
        JsonNode fn = resource("AWS::Serverless::Function").path("Properties");
        JsonNode env = fn.path("Environment").path("Variables").path("HETUMIND_LAMBDA_CREDENTIALS_SECRET");
        String condition = env.path("Fn::If").get(0).asText();
        assertThat(template.path("Conditions").has(condition)).isTrue();
        assertThat(env.path("Fn::If").get(1).path("Ref").asText()).isEqualTo("CredentialsSecretArn");
        JsonNode policy = fn.path("Policies").get(1).path("Fn::If");
        assertThat(policy.get(0).asText()).isEqualTo(condition);
        assertThat(policy.get(2).path("Ref").asText()).isEqualTo("AWS::NoValue");
        JsonNode statements = policy.get(1).path("Statement");
        assertThat(statements).hasSize(1);
        assertThat(statements.get(0).path("Action").toString()).isEqualTo("[\"secretsmanager:GetSecretValue\"]");
        assertThat(statements.get(0).path("Resource").toString()).isEqualTo("[{\"Ref\":\"CredentialsSecretArn\"}]");
        assertThat(template.path("Parameters")
                        .path("CredentialsSecretArn")
                        .path("Default")
                        .asText())
                .isEmpty();
    }

    private static String bucketName() {
        List<String> names = new ArrayList<>();
        resources.fields().forEachRemaining(e -> {
            if (e.getValue().path("Type").asText().equals("AWS::S3::Bucket")) {
                names.add(e.getKey());
            }
        });
        assertThat(names).hasSize(1);
        return names.getFirst();
    }

    @Test
    void theFunctionMayTouchOnlyTheKeysTheCodeUses() {
        String bucket = bucketName();
        S3Checkpointer layout;
        try (S3Client s3 = S3Client.builder()
                .region(Region.US_EAST_1)
                .credentialsProvider(AnonymousCredentialsProvider.create())
                .build()) {
            layout = new S3Checkpointer(s3, "b", "");
        }
        assertThat(layout.stateKey("x")).startsWith(S3Checkpointer.EXECUTIONS);
        JsonNode statements = resource("AWS::Serverless::Function")
                .path("Properties")
                .path("Policies")
                .get(0)
                .path("Statement");
        Set<String> actions = new TreeSet<>();
        Set<String> writable = new TreeSet<>();
        Set<String> readable = new TreeSet<>();
        for (JsonNode st : statements) {
            assertThat(st.path("Effect").asText()).isEqualTo("Allow");
            List<String> acts = new ArrayList<>();
            st.path("Action").forEach(a -> acts.add(a.asText()));
            acts.forEach(a -> assertThat(a).as("no wildcard actions").doesNotContain("*"));
            actions.addAll(acts);
            for (JsonNode res : st.path("Resource")) {
                String sub = res.path("Fn::Sub").asText();
                if (!sub.isEmpty()) {
                    String prefix = "arn:${AWS::Partition}:s3:::${" + bucket + "}/";
                    assertThat(sub).startsWith(prefix).endsWith("/*");
                    String folder = sub.substring(prefix.length(), sub.length() - 1);
                    (acts.contains("s3:PutObject") ? writable : readable).add(folder);
                } else {
                    assertThat(res.path("Fn::GetAtt").get(0).asText()).isEqualTo(bucket);
                    assertThat(acts).containsExactly("s3:ListBucket");
                    List<String> listable = new ArrayList<>();
                    st.path("Condition").path("StringLike").path("s3:prefix").forEach(p -> listable.add(p.asText()));
                    assertThat(listable)
                            .containsExactlyInAnyOrder(
                                    S3Checkpointer.EXECUTIONS + "*", S3Checkpointer.UNFINISHED + "*");
                }
            }
        }
        assertThat(actions)
                .containsExactlyInAnyOrder("s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:ListBucket");
        assertThat(writable).containsExactlyInAnyOrder(S3Checkpointer.EXECUTIONS, S3Checkpointer.UNFINISHED);
        assertThat(readable).containsExactly(RunnerRequest.WORKFLOWS);

        JsonNode rules = resources
                .path(bucket)
                .path("Properties")
                .path("LifecycleConfiguration")
                .path("Rules");
        List<String> expiring = new ArrayList<>();
        rules.forEach(r -> {
            if (r.has("ExpirationInDays")) {
                expiring.add(r.path("Prefix").asText());
            }
        });
        assertThat(expiring).containsExactlyInAnyOrder(S3Checkpointer.EXECUTIONS, S3Checkpointer.UNFINISHED);
    }

    @Test
    void theStateMachineLoopsOnRunningWaitsOnWaitingAndSpeaksTheHandlersLanguage() {
        JsonNode sm = resource("AWS::Serverless::StateMachine").path("Properties");
        JsonNode invoke = sm.path("Policies").get(0).path("Statement");
        assertThat(invoke).hasSize(1);
        assertThat(invoke.get(0).path("Action").get(0).asText()).isEqualTo("lambda:InvokeFunction");
        assertThat(invoke.get(0).path("Resource").get(0).path("Ref").asText()).endsWith(".Alias");

        JsonNode def = sm.path("Definition");
        JsonNode states = def.path("States");
        assertThat(states.has(def.path("StartAt").asText())).isTrue();
        Set<String> statuses = new HashSet<>();
        Set<String> errorTypes = new HashSet<>();
        Map<String, String> routes = new java.util.HashMap<>();
        states.fields().forEachRemaining(e -> {
            JsonNode s = e.getValue();
            if (s.has("Next")) {
                assertThat(states.has(s.path("Next").asText()))
                        .as("%s → %s", e.getKey(), s.path("Next").asText())
                        .isTrue();
            }
            if (s.path("Type").asText().equals("Choice")) {
                assertThat(states.has(s.path("Default").asText())).isTrue();
                for (JsonNode c : s.path("Choices")) {
                    assertThat(states.has(c.path("Next").asText())).isTrue();
                    List<JsonNode> conds = new ArrayList<>();
                    if (c.has("And")) {
                        c.path("And").forEach(conds::add);
                    } else {
                        conds.add(c);
                    }
                    for (JsonNode cond : conds) {
                        if (cond.path("Variable").asText().equals("$.status")) {
                            statuses.add(cond.path("StringEquals").asText());
                            routes.putIfAbsent(
                                    cond.path("StringEquals").asText(),
                                    c.path("Next").asText());
                        }
                        if (cond.path("Variable").asText().equals("$.error.type")) {
                            errorTypes.add(cond.path("StringEquals").asText());
                        }
                    }
                }
            }
            if (s.path("Type").asText().equals("Pass") && s.has("Parameters")) {
                s.path("Parameters").fieldNames().forEachRemaining(f -> assertThat(RunnerRequest.FIELDS)
                        .as("%s builds a runner request", e.getKey())
                        .contains(f.replace(".$", "")));
            }
        });
        assertThat(RunnerResponse.STATUSES).containsAll(statuses);
        assertThat(statuses).contains("RUNNING", "WAITING", "SUCCESS");
        assertThat(RunnerResponse.ERROR_TYPES).containsAll(errorTypes);
        // RUNNING goes straight back to the function; WAITING (with wakeAt) sleeps until then first
        String running = routes.get("RUNNING");
        assertThat(states.path(running).path("Next").asText())
                .isEqualTo(def.path("StartAt").asText());
        String wait = routes.get("WAITING");
        assertThat(states.path(wait).path("Type").asText()).isEqualTo("Wait");
        assertThat(states.path(wait).path("TimestampPath").asText()).isEqualTo("$.wakeAt");
        assertThat(states.path(states.path(wait).path("Next").asText())
                        .path("Next")
                        .asText())
                .isEqualTo(def.path("StartAt").asText());
    }
}
