package io.hetumind.cli;

import static io.hetumind.cli.CliTest.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.spi.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hetumind templates} and {@code hetumind new --template}: the gallery makes valid workflows; bad values write nothing. */
class TemplateCliTest {

    @Test
    void listsTheGalleryAndShowsOneTemplatesParameters() {
        CliTest.Run list = cli("templates");
        assertThat(list.code()).isZero();
        assertThat(list.out())
                .contains("webhook-transform-respond")
                .contains("schedule-http-postgres")
                .contains("error-notifier");
        CliTest.Run one = cli("templates", "schedule-http-postgres");
        assertThat(one.code()).isZero();
        assertThat(one.out())
                .contains("everyMinutes")
                .contains("default 15")
                .contains("table")
                .contains("required");
    }

    @Test
    void everyGalleryTemplateMakesAWorkflowTheValidatorAccepts(@TempDir Path dir) {
        String[][] cases = {
            {"webhook-transform-respond", "path=orders", "responseCode=201"},
            {"schedule-http-postgres", "url=https://example.com/a", "table=events", "postgresCredential=c1"},
            {"error-notifier", "webhookUrl=https://hooks.example.com/x", "extraFields={\"channel\":\"#ops\"}"}
        };
        for (String[] c : cases) {
            Path file = dir.resolve(c[0] + ".json");
            java.util.List<String> args =
                    new java.util.ArrayList<>(java.util.List.of("new", "--template", c[0], "-o", file.toString()));
            for (int i = 1; i < c.length; i++) {
                args.add("--param");
                args.add(c[i]);
            }
            CliTest.Run r = cli(args.toArray(new String[0]));
            assertThat(r.code()).as(c[0] + ": " + r.err()).isZero();
            CliTest.Run v = cli("validate", file.toString());
            assertThat(v.code()).as(v.out()).isZero();
        }
        JsonNode hook = Json.parse(read(dir.resolve("webhook-transform-respond.json")));
        assertThat(hook.at("/nodes/0/parameters/path").asText()).isEqualTo("orders");
        assertThat(hook.at("/nodes/2/parameters/options/responseCode").intValue())
                .isEqualTo(201);
        JsonNode pg = Json.parse(read(dir.resolve("schedule-http-postgres.json")));
        assertThat(pg.at("/nodes/2/credentials/postgres/id").asText()).isEqualTo("c1");
        assertThat(pg.at("/nodes/0/parameters/rule/interval/0/minutesInterval").intValue())
                .isEqualTo(15);
        JsonNode err = Json.parse(read(dir.resolve("error-notifier.json")));
        assertThat(err.at("/nodes/2/parameters/jsonBody").asText()).contains("Object.assign({\"channel\":\"#ops\"}");
    }

    @Test
    void badValuesAreReportedTogetherAndNothingIsWritten(@TempDir Path dir) {
        Path file = dir.resolve("out.json");
        CliTest.Run r = cli(
                "new",
                "--template",
                "webhook-transform-respond",
                "--param",
                "responseCode=ok",
                "--param",
                "colour=red",
                "-o",
                file.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err())
                .contains("$.params.responseCode: responseCode is a number: 'ok' is not a number (wrong-type)")
                .contains("$.params.colour: template 'webhook-transform-respond' has no parameter 'colour'");
        CliTest.Run missing = cli("new", "--template", "webhook-transform-respond", "-o", file.toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("$.params.path: path is required (string: Webhook path");
        assertThat(Files.exists(file)).isFalse();
        assertThat(cli("new", "--template", "nope", "-o", file.toString()).err())
                .contains("no template 'nope': neither a built-in one (webhook-transform-respond,");
        assertThat(cli("new", "--template", "error-notifier", "--param", "novalue")
                        .err())
                .contains("'novalue' is not NAME=VALUE");
        assertThat(Files.exists(file)).isFalse();
    }

    @Test
    void aTemplateFileWorksLikeABuiltInOne(@TempDir Path dir) throws Exception {
        Path template = dir.resolve("greet.template.json");
        Files.writeString(
                template,
                """
                { "hetumindTemplate": 1, "name": "greet", "parameters": [
                    { "name": "who", "type": "string", "default": "world" } ],
                  "workflow": { "name": "Greet", "nodes": [
                    { "name": "Start", "type": "hetumind.manualTrigger", "parameters": {} },
                    { "name": "Set", "type": "hetumind.set", "typeVersion": 3.4, "parameters": {
                        "assignments": { "assignments": [
                          { "id": "a", "name": "greeting", "value": "Hello, ${param:who}!", "type": "string" } ] } } } ],
                    "connections": { "Start": { "main": [[ { "node": "Set", "type": "main", "index": 0 } ]] } } } }
                """);
        Path file = dir.resolve("greet.json");
        assertThat(cli("new", "My greeting", "--template", template.toString(), "-p", "who=Ada", "-o", file.toString())
                        .code())
                .isZero();
        CliTest.Run run = cli("run", "--json", file.toString());
        assertThat(run.code()).as(run.err()).isZero();
        JsonNode out = Json.parse(run.out());
        assertThat(out.at("/runData/Set/0/data/main/0/0/json/greeting").asText())
                .isEqualTo("Hello, Ada!");
        assertThat(Json.parse(read(file)).path("name").asText()).isEqualTo("My greeting");
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
