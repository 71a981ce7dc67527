package io.hetumind.nodes.graphql;

import static io.hetumind.nodes.protocols.ProtocolHarness.error;
import static io.hetumind.nodes.protocols.ProtocolHarness.json;
import static io.hetumind.nodes.protocols.ProtocolHarness.output;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.spi.CredentialRegistry;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.nodes.credentials.HttpCustomAuthCredential;
import io.hetumind.nodes.credentials.HttpDigestAuthCredential;
import io.hetumind.nodes.protocols.ProtocolHarness;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * GraphQL's {@code digestAuth} against a real Digest server (Jetty's authenticator) and {@code customAuth} against
 * the graphql-java test server.
 */
class GraphQlAuthTest {

    private static DigestServer digest;
    private static GraphQlServer graphql;

    @BeforeAll
    static void start() throws Exception {
        digest = new DigestServer();
        graphql = new GraphQlServer();
    }

    @AfterAll
    static void stop() throws Exception {
        digest.close();
        graphql.close();
    }

    @BeforeEach
    void forget() {
        digest.seen.clear();
    }

    private static List<JsonNode> jsons(ExecutionResult r) {
        return output(r).stream().map(i -> (JsonNode) i.json()).toList();
    }

    private static ExecutionResult digestRun(String password, String more) {
        ObjectNode p = json(more).put("endpoint", digest.url("/graphql"));
        return new ProtocolHarness(new GraphQlNode())
                .credential(
                        "httpDigestAuth",
                        json("{}").put("user", DigestServer.USER).put("password", password))
                .run(1.1, p, null);
    }

    @Test
    void theCredentialsAndOptionsPassTheRegistryChecks() {
        assertThat(CredentialRegistry.of(List.of(new HttpDigestAuthCredential(), new HttpCustomAuthCredential()))
                        .find("httpDigestAuth"))
                .isPresent();
        assertThat(HttpCustomAuthCredential.DESCRIPTOR.property("json").secret())
                .isTrue();
        assertThat(HttpDigestAuthCredential.DESCRIPTOR.property("password").secret())
                .isTrue();
        assertThat(NodeRegistry.of(List.of(new GraphQlNode())).find("n8n-nodes-base.graphql"))
                .isPresent();
    }

    @Test
    void digestAuthAnswersARealServersChallengeWithoutEverSendingThePassword() {
        ExecutionResult r = digestRun(DigestServer.PASSWORD, "{'authentication':'digestAuth','query':'{ hello }'}");
        assertThat(jsons(r)).containsExactly(json("{'data':{'hello':'Hello alice'}}"));
        assertThat(digest.seen).hasSize(2);
        // first without credentials (no Basic header with the password), then the answer to the challenge
        assertThat(digest.seen.get(0).authorization()).isNull();
        assertThat(digest.seen.get(1).authorization())
                .startsWith("Digest username=\"alice\", realm=\"hetumind-digest\", nonce=")
                .contains("uri=\"/graphql\"", "qop=auth", "nc=00000001")
                .doesNotContain(DigestServer.PASSWORD);
        assertThat(digest.seen.get(1).body()).contains("\"query\":\"{ hello }\"");
    }

    @Test
    void digestAuthOverGetSignsTheQueryStringToo() {
        ExecutionResult r = digestRun(
                DigestServer.PASSWORD, "{'authentication':'digestAuth','requestMethod':'GET','query':'{ hello }'}");
        assertThat(jsons(r)).containsExactly(json("{'data':{'hello':'Hello alice'}}"));
        assertThat(digest.seen.get(1).authorization()).contains("uri=\"/graphql?query=%7B%20hello%20%7D\"");
        assertThat(digest.seen.get(1).method()).isEqualTo("GET");
    }

    @Test
    void aWrongDigestPasswordIsAnsweredOnceAndFailsWithoutTheSecret() {
        ExecutionResult r = digestRun(
                "wrong-Pa55word",
                "{'authentication':'digestAuth','query':'{ hello }',"
                        + "'responseFormat':'string','dataPropertyName':'reply'}");
        // any status is read, as n8n's GraphQL node does: the server's 401 page comes back as the reply
        assertThat(output(r).getFirst().json().path("reply").asText()).contains("401");
        assertThat(digest.seen).hasSize(2);
        assertThat(digest.seen.get(1).authorization()).startsWith("Digest ").doesNotContain("wrong-Pa55word");

        ExecutionResult json = digestRun("wrong-Pa55word", "{'authentication':'digestAuth','query':'{ hello }'}");
        assertThat(error(json)).doesNotContain("wrong-Pa55word");
        assertThat(error(new ProtocolHarness(new GraphQlNode())
                        .run(
                                1.1,
                                json("{'authentication':'digestAuth','query':'{ hello }'}")
                                        .put("endpoint", digest.url("/graphql")),
                                null)))
                .contains("credentials of type 'httpDigestAuth' are not set");
    }

    private static ExecutionResult customRun(String customJson, String more) {
        ObjectNode p = json(more).put("endpoint", graphql.url("/secure"));
        return new ProtocolHarness(new GraphQlNode())
                .credential("httpCustomAuth", json("{}").put("json", customJson))
                .run(1.1, p, null);
    }

    @Test
    void customAuthMergesHeadersQueryAndBodyUnderTheNodesOwnFields() {
        ExecutionResult byHeader = customRun(
                "{\"headers\": {\"X-Api-Key\": \"k3y-123\"}, \"body\": {\"token\": \"b0dy-t0ken\", \"query\":"
                        + " \"{ books { title } }\"}}",
                "{'authentication':'customAuth','query':'{ hello }','operationName':'','variables':'{}'}");
        assertThat(jsons(byHeader)).containsExactly(json("{'data':{'hello':'Hello world'}}"));
        JsonNode sent = json(graphql.last.body());
        assertThat(sent.path("token").asText()).isEqualTo("b0dy-t0ken");
        // the node's query wins over the credential's, as n8n spreads the credential's body first
        assertThat(sent.path("query").asText()).isEqualTo("{ hello }");

        ExecutionResult byQuery = customRun(
                "{\"qs\": {\"api_key\": \"k3y-123\", \"query\": \"{ books { title } }\"}}",
                "{'authentication':'customAuth','requestMethod':'GET','query':'{ hello }'}");
        assertThat(jsons(byQuery)).containsExactly(json("{'data':{'hello':'Hello world'}}"));
        assertThat(graphql.last.query()).contains("api_key=k3y-123").contains("query=%7B%20hello%20%7D");
    }

    @Test
    void badCustomAuthJsonIsAUserErrorAndItsValuesStaySecret() {
        assertThat(error(customRun("{not json", "{'authentication':'customAuth','query':'{ hello }'}")))
                .isEqualTo("Invalid Custom Auth JSON [item 0]");
        assertThat(error(customRun("[1, 2]", "{'authentication':'customAuth','query':'{ hello }'}")))
                .isEqualTo("Invalid Custom Auth JSON [item 0]");
        // a refused key: the server's words come back, the key does not
        String e = error(customRun(
                "{\"headers\": {\"X-Api-Key\": \"wrong-k3y-999\"}}",
                "{'authentication':'customAuth','query':'{ hello }'}"));
        assertThat(e).contains("Unauthorized").doesNotContain("wrong-k3y-999");
    }
}
