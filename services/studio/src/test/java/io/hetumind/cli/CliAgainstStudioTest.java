package io.hetumind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.testkit.Iam;
import io.hetumind.testkit.IamAndDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code hetumind} CLI's studio commands, as a user runs them, against this studio and a real IAM. */
@QuarkusTest
@WithTestResource(IamAndDatabase.class)
class CliAgainstStudioTest {
    @TestHTTPResource("/")
    URL studio;

    @TempDir
    Path home;

    private final InputStream stdin = System.in;

    @BeforeEach
    void isolateHome() {
        System.setProperty("hetumind.home", home.toString());
    }

    @AfterEach
    void restore() {
        System.clearProperty("hetumind.home");
        System.setIn(stdin);
    }

    record Run(int code, String out, String err) {}

    static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }

    private String studioUrl() {
        return studio.toString().replaceAll("/$", "");
    }

    @Test
    void logsInPushesAndLists() throws Exception {
        Iam tenant = Iam.newTenant();
        System.setIn(new ByteArrayInputStream((Iam.PASSWORD + "\n").getBytes(StandardCharsets.UTF_8)));
        Run login = cli(
                "login",
                "--email",
                tenant.email(),
                "--password-stdin",
                "--studio",
                studioUrl(),
                "--iam",
                tenant.baseUrl());
        assertThat(login.code()).as(login.err()).isZero();
        Path session = home.resolve("session.json");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(session)))
                .isEqualTo("rw-------");

        Path file = home.resolve("hello.json");
        Files.writeString(file, Files.readString(Path.of("../../examples/hello-world.json")));
        Run push = cli("push", file.toString());
        assertThat(push.code()).as(push.err()).isZero();
        assertThat(push.out()).startsWith("created ").contains("version 1 (Hello world)");
        String id = push.out().split(" ")[1];

        Run again = cli("push", file.toString(), "--id", id);
        assertThat(again.out()).contains("saved " + id + " version 2");
        Run stale = cli("push", file.toString(), "--id", id, "--if-version", "1");
        assertThat(stale.code()).isEqualTo(1);
        assertThat(stale.err()).contains("409").contains("is at version 2");

        Run list = cli("list", "--name", "hello");
        assertThat(list.code()).isZero();
        assertThat(list.out()).contains(id).contains("Hello world");

        Run exec = cli("exec", id, "--wait", "--timeout", "60");
        assertThat(exec.code()).as(exec.out() + exec.err()).isZero();
        assertThat(exec.out()).contains(" success (last node: Greet)");
        String executionId = exec.out().split(" ")[0];
        Run logs = cli("logs", executionId, "--items");
        assertThat(logs.code()).as(logs.err()).isZero();
        assertThat(logs.out()).contains("Manual Trigger").contains("Greet").contains("Hello, world!");

        Run queued = cli("exec", id);
        assertThat(queued.code()).isZero();
        assertThat(queued.out().strip()).matches("[0-9a-f-]{36}");
        Run missing = cli("exec", "00000000-0000-7000-8000-000000000000", "--wait");
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("404");
    }

    @Test
    void explainsWhatIsMissing() throws Exception {
        Run notSignedIn = cli("list");
        assertThat(notSignedIn.code()).isEqualTo(1);
        assertThat(notSignedIn.err()).contains("hetumind login");

        Iam tenant = Iam.newTenant();
        System.setIn(new ByteArrayInputStream("wrong password\n".getBytes(StandardCharsets.UTF_8)));
        Run bad = cli(
                "login",
                "--email",
                tenant.email(),
                "--password-stdin",
                "--studio",
                studioUrl(),
                "--iam",
                tenant.baseUrl());
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err()).contains("401");
        assertThat(home.resolve("session.json")).doesNotExist();
    }

    @Test
    void backsUpAndRestoresThroughTheStudio() throws Exception {
        Iam tenant = Iam.newTenant();
        System.setIn(new ByteArrayInputStream((Iam.PASSWORD + "\n").getBytes(StandardCharsets.UTF_8)));
        assertThat(cli(
                                "login",
                                "--email",
                                tenant.email(),
                                "--password-stdin",
                                "--studio",
                                studioUrl(),
                                "--iam",
                                tenant.baseUrl())
                        .code())
                .isZero();
        Path file = home.resolve("hello.json");
        Files.writeString(file, Files.readString(Path.of("../../examples/hello-world.json")));
        assertThat(cli("push", file.toString()).code()).isZero();
        Path archive = home.resolve("backup.json");
        Run backup = cli("backup", "-o", archive.toString());
        assertThat(backup.code()).as(backup.err()).isZero();
        assertThat(backup.out()).contains("1 workflows, 0 templates, 0 credentials (format 1)");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(archive)))
                .isEqualTo("rw-------");
        assertThat(cli("backup", "-o", archive.toString()).code()).isEqualTo(1);

        Run busy = cli("restore", archive.toString());
        assertThat(busy.code()).isEqualTo(1);
        assertThat(busy.err()).contains("409").contains("restore into an empty one");

        String id = io.hetumind.core.spi.Json.parse(Files.readString(archive))
                .at("/content/workflows/0/id")
                .asText();
        io.restassured.RestAssured.given()
                .auth()
                .oauth2(tenant.ownerToken())
                .delete("/api/v1/workflows/" + id)
                .then()
                .statusCode(204);
        Path tampered = home.resolve("tampered.json");
        Files.writeString(tampered, Files.readString(archive).replace("Hello world", "Hello werld"));
        Run refused = cli("restore", tampered.toString());
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).contains("checksum does not match");
        Run restored = cli("restore", archive.toString());
        assertThat(restored.code()).as(restored.err()).isZero();
        assertThat(restored.out()).contains("restored 1 workflows (1 versions), 0 templates, 0 credentials");
        assertThat(cli("list").out()).contains(id);
    }
}
