package io.hetumind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.hetumind.core.spi.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hetumind run --credentials FILE}: nodes get their credentials from a private file, by id or by name. */
class CredentialsFileTest {

    @TempDir
    Path dir;

    private HttpServer server;
    private final List<String> seenKeys = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api", ex -> {
            String key = ex.getRequestHeaders().getFirst("X-Api-Key");
            seenKeys.add(key == null ? "<none>" : key);
            byte[] body = ("{\"ok\":" + (key != null) + "}").getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private Path workflow(String credentialRef) throws IOException {
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/api";
        String wf =
                """
                {"name": "Header auth",
                 "nodes": [
                  {"id": "t", "name": "Start", "type": "n8n-nodes-base.manualTrigger", "typeVersion": 1,
                   "position": [0, 0], "parameters": {}},
                  {"id": "h", "name": "Call API", "type": "n8n-nodes-base.httpRequest", "typeVersion": 4.2,
                   "position": [200, 0],
                   "parameters": {"url": "%s", "authentication": "genericCredentialType",
                                  "genericAuthType": "httpHeaderAuth", "options": {}},
                   "credentials": {"httpHeaderAuth": %s}}
                 ],
                 "connections": {"Start": {"main": [[{"node": "Call API", "type": "main", "index": 0}]]}}}
                """
                        .formatted(url, credentialRef);
        Path f = dir.resolve("wf.json");
        Files.writeString(f, wf);
        return f;
    }

    private Path credentials(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        return f;
    }

    @Test
    void anHttpRequestWithHeaderAuthSendsTheHeaderFromTheFileById() throws IOException {
        Path creds = credentials(
                "creds.json",
                """
                {"abc123": {"type": "httpHeaderAuth", "name": "Another name",
                            "data": {"name": "X-Api-Key", "value": "s3cret-by-id"}},
                 "My API key": {"type": "httpHeaderAuth", "data": {"name": "X-Api-Key", "value": "s3cret-by-name"}}}
                """);
        CliTest.Run r = CliTest.cli(
                "run",
                "--json",
                "--credentials",
                creds.toString(),
                workflow("{\"id\": \"abc123\", \"name\": \"My API key\"}").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(seenKeys).containsExactly("s3cret-by-id");
        JsonNode json = Json.parse(r.out());
        assertThat(json.at("/runData/Call API/0/data/main/0/0/json/ok").asBoolean())
                .isTrue();
        assertThat(r.out()).doesNotContain("s3cret");
    }

    @Test
    void aReferenceByNameOnlyFindsTheEntryOfThatNameInYaml() throws IOException {
        Path creds = credentials(
                "creds.yaml",
                """
                My API key:
                  type: httpHeaderAuth
                  data:
                    name: X-Api-Key
                    value: from-yaml
                other:
                  type: httpBasicAuth
                  name: My API key
                  data: {user: u, password: p}
                """);
        CliTest.Run r = CliTest.cli(
                "run",
                "--quiet",
                "--credentials=" + creds,
                workflow("{\"id\": \"unknown-id\", \"name\": \"My API key\"}").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(seenKeys).containsExactly("from-yaml");
    }

    @Test
    void aMissingCredentialIsAClearNodeErrorThatNamesIt() throws IOException {
        Path creds = credentials(
                "creds.json",
                """
                {"My API key": {"type": "httpBasicAuth", "data": {"user": "u", "password": "hidden-pass"}}}
                """);
        CliTest.Run r = CliTest.cli(
                "run",
                "--credentials",
                creds.toString(),
                workflow("{\"id\": \"k1\", \"name\": \"My API key\"}").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out() + r.err())
                .contains("the 'httpHeaderAuth' credential 'My API key' (id k1) is not in the credentials file")
                .contains("has type httpBasicAuth, not httpHeaderAuth")
                .doesNotContain("hidden-pass");
        assertThat(seenKeys).isEmpty();

        CliTest.Run none = CliTest.cli(
                "run", workflow("{\"id\": \"k1\", \"name\": \"My API key\"}").toString());
        assertThat(none.code()).isEqualTo(1);
        assertThat(none.out() + none.err())
                .contains("needs the 'httpHeaderAuth' credential 'My API key' (id k1)")
                .contains("--credentials FILE");
    }

    @Test
    void aFileOthersCanReadIsRefusedBeforeAnythingRuns() throws IOException {
        Path creds = credentials(
                "creds.json", "{\"k\": {\"type\": \"httpHeaderAuth\", \"data\": {\"name\": \"X\", \"value\": \"v\"}}}");
        Files.setPosixFilePermissions(creds, PosixFilePermissions.fromString("rw-r--r--"));
        CliTest.Run r = CliTest.cli(
                "run",
                "--credentials",
                creds.toString(),
                workflow("{\"id\": \"k\", \"name\": \"k\"}").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err())
                .contains("credentials file " + creds + " is accessible by others (permissions rw-r--r--)")
                .contains("chmod 600");
        assertThat(r.out()).isEmpty();
        assertThat(seenKeys).isEmpty();

        Files.setPosixFilePermissions(creds, PosixFilePermissions.fromString("rw-rw----"));
        assertThat(CliTest.cli(
                                "run",
                                "--credentials",
                                creds.toString(),
                                workflow("{\"id\": \"k\"}").toString())
                        .err())
                .contains("is accessible by others");
    }

    @Test
    void aMalformedFileIsRefusedWithoutQuotingIt() throws IOException {
        Path wf = workflow("{\"id\": \"k\"}");
        Path broken =
                credentials("broken.json", "{\"k\": {\"type\": \"httpHeaderAuth\", \"data\": {\"value\": sup3r}}");
        CliTest.Run r = CliTest.cli("run", "--credentials", broken.toString(), wf.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("is not valid JSON or YAML (line 1").doesNotContain("sup3r");

        Path noData = credentials("nodata.json", "{\"k\": {\"type\": \"httpHeaderAuth\"}}");
        assertThat(CliTest.cli("run", "--credentials", noData.toString(), wf.toString())
                        .err())
                .contains("entry 'k' has no 'data' object");

        assertThat(CliTest.cli("run", "--credentials", dir.resolve("nope.json").toString(), wf.toString())
                        .err())
                .contains("does not exist");
        assertThat(seenKeys).isEmpty();
    }

    @Test
    void anAiChainGetsItsModelCredentialFromTheFile() throws IOException {
        List<String> auth = new CopyOnWriteArrayList<>();
        server.createContext("/api/chat", ex -> {
            String a = ex.getRequestHeaders().getFirst("Authorization");
            auth.add(a == null ? "<none>" : a);
            ex.getRequestBody().readAllBytes();
            byte[] body = ("{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"Blue\"},"
                            + "\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":5,\"eval_count\":1}")
                    .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        Path creds = credentials(
                "creds.yaml",
                """
                ollama-1:
                  type: ollamaApi
                  data:
                    baseUrl: %s
                    apiKey: ol-secret
                """
                        .formatted(base));
        Path wf = dir.resolve("chain.json");
        Files.writeString(
                wf,
                """
                {"name": "Colour",
                 "nodes": [
                  {"id": "t", "name": "Start", "type": "n8n-nodes-base.manualTrigger", "typeVersion": 1,
                   "position": [0, 0], "parameters": {}},
                  {"id": "c", "name": "Chain", "type": "@n8n/n8n-nodes-langchain.chainLlm", "typeVersion": 1.7,
                   "position": [200, 0], "parameters": {"promptType": "define", "text": "Name a colour"}},
                  {"id": "m", "name": "Ollama", "type": "@n8n/n8n-nodes-langchain.lmChatOllama", "typeVersion": 1,
                   "position": [200, 200], "parameters": {"model": "llama3.2", "options": {}},
                   "credentials": {"ollamaApi": {"id": "ollama-1", "name": "Ollama account"}}}
                 ],
                 "connections": {
                  "Start": {"main": [[{"node": "Chain", "type": "main", "index": 0}]]},
                  "Ollama": {"ai_languageModel": [[{"node": "Chain", "type": "ai_languageModel", "index": 0}]]}}}
                """);
        CliTest.Run r = CliTest.cli("run", "--json", "--credentials", creds.toString(), wf.toString());
        assertThat(r.code()).as(r.err() + r.out()).isZero();
        assertThat(Json.parse(r.out())
                        .at("/runData/Chain/0/data/main/0/0/json/text")
                        .asText())
                .isEqualTo("Blue");
        assertThat(auth).containsExactly("Bearer ol-secret");
        assertThat(r.out()).doesNotContain("ol-secret");
    }
}
