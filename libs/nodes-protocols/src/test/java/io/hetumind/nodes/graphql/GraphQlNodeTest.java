package io.hetumind.nodes.graphql;

import static io.hetumind.nodes.protocols.ProtocolHarness.error;
import static io.hetumind.nodes.protocols.ProtocolHarness.json;
import static io.hetumind.nodes.protocols.ProtocolHarness.output;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.OnError;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NetworkPolicy;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.nodes.protocols.ProtocolHarness;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GraphQlNodeTest {

    private static GraphQlServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new GraphQlServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static ObjectNode params(String path, String more) {
        ObjectNode p = json(more);
        p.put("endpoint", server.url(path));
        return p;
    }

    private static ExecutionResult run(double version, ObjectNode params) {
        return new ProtocolHarness(new GraphQlNode()).run(version, params, null);
    }

    private static List<JsonNode> jsons(ExecutionResult r) {
        return output(r).stream().map(i -> (JsonNode) i.json()).toList();
    }

    @Test
    void descriptorPassesTheRegistryChecksAndCarriesTheN8nAlias() {
        assertThat(NodeRegistry.of(List.of(new GraphQlNode())).find("n8n-nodes-base.graphql"))
                .isPresent();
    }

    @Test
    void postsJsonWithVariablesAndOperationNameByDefaultInV11() {
        ObjectNode p = params(
                "/graphql",
                "{'query':'query A($n: String) { hello(name: $n) } query B { books { title } }',"
                        + "'variables':'{\\'n\\': \\'Ada\\'}','operationName':'A'}");
        p.put("variables", "{\"n\": \"Ada\"}");
        List<JsonNode> out = jsons(run(1.1, p));
        assertThat(out).containsExactly(json("{'data':{'hello':'Hello Ada'}}"));
        assertThat(server.last.method()).isEqualTo("POST");
        assertThat(server.last.contentType()).isEqualTo("application/json");
        assertThat(Json.parse(server.last.body()))
                .isEqualTo(
                        Json.parse("{\"query\":\"query A($n: String) { hello(name: $n) } query B { books { title } }\","
                                + "\"variables\":{\"n\":\"Ada\"},\"operationName\":\"A\"}"));
    }

    @Test
    void variablesGivenAsAnObjectAndAnEmptyOperationNameAsNull() {
        ObjectNode p = params("/graphql", "{'query':'query($n: String) { hello(name: $n) }','variables':{'n':'Bo'}}");
        assertThat(jsons(run(1.1, p))).containsExactly(json("{'data':{'hello':'Hello Bo'}}"));
        assertThat(Json.parse(server.last.body()).get("operationName").isNull()).isTrue();
    }

    @Test
    void v1SendsTheRawQueryAsApplicationGraphqlByDefault() {
        List<JsonNode> out = jsons(run(1, params("/graphql", "{'query':'{ books { title year } }'}")));
        assertThat(out)
                .containsExactly(
                        json("{'data':{'books':[{'title':'Dune','year':1965},{'title':'Solaris','year':1961}]}}"));
        assertThat(server.last.contentType()).isEqualTo("application/graphql");
        assertThat(server.last.body()).isEqualTo("{ books { title year } }");
    }

    @Test
    void getPutsTheQueryInTheUrl() {
        List<JsonNode> out = jsons(run(
                1.1,
                params("/graphql", "{'requestMethod':'GET','query':'{ hello(name: \\'Zoë\\') }'}")
                        .put("query", "{ hello(name: \"Zoë\") }")));
        assertThat(out).containsExactly(json("{'data':{'hello':'Hello Zoë'}}"));
        assertThat(server.last.method()).isEqualTo("GET");
        assertThat(server.last.query()).startsWith("query=");
    }

    @Test
    void headersFromTheParametersAreSent() {
        ObjectNode p = params(
                "/graphql",
                "{'query':'{ echoHeader(name: \\'X-Trace\\') }',"
                        + "'headerParametersUi':{'parameter':[{'name':'X-Trace','value':'t-42'}]}}");
        p.put("query", "{ echoHeader(name: \"X-Trace\") }");
        assertThat(jsons(run(1.1, p))).containsExactly(json("{'data':{'echoHeader':'t-42'}}"));
    }

    @Test
    void stringResponseFormatPutsTheReplyInTheNamedField() {
        ObjectNode p = params(
                "/graphql",
                "{'query':'{ hello }','responseFormat':'string','dataPropertyName':'raw','requestFormat':'graphql'}");
        JsonNode out = jsons(run(1.1, p)).getFirst();
        assertThat(out.get("raw").asText()).isEqualTo("{\"data\":{\"hello\":\"Hello world\"}}");
    }

    @Test
    void errorsInTheReplyFailTheNodeWithTheirMessages() {
        assertThat(error(run(1.1, params("/graphql", "{'query':'{ hello fail }'}"))))
                .contains("boom")
                .contains("[item 0]");
        assertThat(error(run(1.1, params("/graphql", "{'query':'{ nope }'}"))))
                .contains("Field 'nope' in type 'Query' is undefined");
    }

    @Test
    void continuingOnFailEmitsTheDataAndThenTheErrorItem() {
        ExecutionResult r = new ProtocolHarness(new GraphQlNode())
                .onError(OnError.CONTINUE)
                .run(1.1, params("/graphql", "{'query':'{ hello fail }'}"), List.of(Item.empty(), Item.empty()));
        List<JsonNode> out = jsons(r);
        assertThat(out).hasSize(4);
        assertThat(out.get(0).path("data").path("hello").asText()).isEqualTo("Hello world");
        assertThat(out.stream().filter(j -> j.has("error")).map(j -> j.get("error")
                        .asText()))
                .hasSize(2)
                .allMatch(m -> m.contains("boom"));
    }

    @Test
    void basicAuthCredentialsAreSentAndBadOnesFailWithoutShowingTheSecret() {
        ObjectNode p = params("/secure", "{'authentication':'basicAuth','query':'{ hello }'}");
        ExecutionResult ok = new ProtocolHarness(new GraphQlNode())
                .credential("httpBasicAuth", json("{'user':'alice','password':'s3cret'}"))
                .run(1.1, p, null);
        assertThat(jsons(ok)).containsExactly(json("{'data':{'hello':'Hello world'}}"));

        ExecutionResult bad = new ProtocolHarness(new GraphQlNode())
                .credential("httpBasicAuth", json("{'user':'alice','password':'wrong-password'}"))
                .run(1.1, p, null);
        assertThat(error(bad)).contains("Unauthorized: bad credentials").doesNotContain("wrong-password");
    }

    @Test
    void headerAuthAndAMissingCredential() {
        ObjectNode p = params("/secure", "{'authentication':'headerAuth','query':'{ hello }'}");
        ExecutionResult ok = new ProtocolHarness(new GraphQlNode())
                .credential("httpHeaderAuth", json("{'name':'X-Api-Key','value':'k3y-123'}"))
                .run(1.1, p, null);
        assertThat(jsons(ok)).containsExactly(json("{'data':{'hello':'Hello world'}}"));
        assertThat(error(run(1.1, p))).contains("credentials of type 'httpHeaderAuth' are not set");
    }

    @Test
    void queryAuthAndOAuth2ClientCredentials() {
        ObjectNode q = params("/secure", "{'authentication':'queryAuth','query':'{ hello }'}");
        ExecutionResult byQuery = new ProtocolHarness(new GraphQlNode())
                .credential("httpQueryAuth", json("{'name':'api_key','value':'k3y-123'}"))
                .run(1.1, q, null);
        assertThat(jsons(byQuery)).containsExactly(json("{'data':{'hello':'Hello world'}}"));

        ObjectNode o = params("/secure", "{'authentication':'oAuth2','query':'{ hello }'}");
        ObjectNode cred = json("{'grantType':'clientCredentials','clientId':'app','authentication':'header'}")
                .put("accessTokenUrl", server.url("/token"))
                .put("clientSecret", "app-secret");
        ExecutionResult byToken = new ProtocolHarness(new GraphQlNode())
                .credential("oAuth2Api", cred)
                .run(1.1, o, null);
        assertThat(jsons(byToken)).containsExactly(json("{'data':{'hello':'Hello world'}}"));

        ExecutionResult badClient = new ProtocolHarness(new GraphQlNode())
                .credential("oAuth2Api", cred.deepCopy().put("clientSecret", "wrong-secret"))
                .run(1.1, o, null);
        assertThat(error(badClient))
                .contains("The OAuth2 token request failed (HTTP 401)")
                .doesNotContain("wrong-secret");
    }

    @Test
    void anUnsupportedAuthenticationIsRefusedByValidationNamingTheSupportedOnes() {
        assertThatThrownBy(() -> run(1.1, params("/graphql", "{'authentication':'oAuth1','query':'{ hello }'}")))
                .hasMessageContaining("'Authentication' must be one of")
                .hasMessageContaining("got \"oAuth1\"");
    }

    @Test
    void anUnreachableHostIsAnOperationalErrorNamingIt() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        ObjectNode p = json("{'query':'{ hello }'}").put("endpoint", "http://127.0.0.1:" + closed + "/graphql");
        assertThat(error(run(1.1, p)))
                .contains("The connection to 127.0.0.1 failed")
                .contains("[item 0]");
    }

    @Test
    void aReplyThatIsNotJsonIsAClearError() {
        assertThat(error(run(1.1, params("/broken", "{'query':'{ hello }'}"))))
                .contains("Response body is not valid JSON. Change \"Response Format\" to \"String\"");
    }

    @Test
    void malformedParametersAreUserErrors() {
        ObjectNode badVars = params("/graphql", "{'query':'{ hello }'}").put("variables", "{not json");
        assertThat(error(run(1.1, badVars))).startsWith("Using variables failed:\n{not json");
        assertThat(error(run(1.1, json("{'query':'{ hello }','endpoint':'ftp://example.com/graphql'}"))))
                .contains("parameter 'endpoint'");
        assertThat(error(run(1.1, json("{'query':'{ hello }'}").put("endpoint", "={{ '  ' }}"))))
                .contains("parameter 'endpoint' is empty");
    }

    @Test
    void theNetworkPolicyRefusesLocalAddressesBeforeAnyConnection() {
        int before = server.hits.get();
        ExecutionResult r = new ProtocolHarness(new GraphQlNode())
                .service(NetworkPolicy.class, NetworkPolicy.publicOnly())
                .run(1.1, params("/graphql", "{'query':'{ hello }'}"), null);
        assertThat(error(r)).startsWith("GraphQL refused to connect to 127.0.0.1");
        assertThat(server.hits.get()).isEqualTo(before);

        ExecutionResult allowed = new ProtocolHarness(new GraphQlNode())
                .service(
                        NetworkPolicy.class,
                        NetworkPolicy.builder()
                                .allowRange("127.0.0.1", server.port())
                                .build())
                .run(1.1, params("/graphql", "{'query':'{ hello }'}"), null);
        assertThat(jsons(allowed)).containsExactly(json("{'data':{'hello':'Hello world'}}"));
    }
}
