package io.hetumind.studio.credential;

import static io.hetumind.studio.credential.Fixtures.as;
import static io.hetumind.studio.credential.Fixtures.create;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.hetumind.testkit.Iam;
import io.hetumind.testkit.IamAndDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.ServerSocket;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** "Test credential": postgres connects and runs SELECT 1; failures are reported without secrets; others are 422. */
@QuarkusTest
@WithTestResource(IamAndDatabase.class)
class CredentialTestEndpointTest {
    static final String PG_PASSWORD = "pg-password-9f2c1e";

    /** A postgres credential's data pointing at the test database (trust authentication), on {@code port}. */
    static String testDatabase(Integer port) {
        String url = ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class);
        Matcher m =
                Pattern.compile("jdbc:postgresql://([^:/]+):(\\d+)/([^?]+).*").matcher(url);
        assertThat(m.matches()).as(url).isTrue();
        String user = ConfigProvider.getConfig().getValue("quarkus.datasource.username", String.class);
        return "{\"host\":\"" + m.group(1) + "\",\"port\":" + (port == null ? m.group(2) : port) + ",\"database\":\""
                + m.group(3) + "\",\"user\":\"" + user + "\",\"password\":\"" + PG_PASSWORD + "\"}";
    }

    @Test
    void aPostgresCredentialIsTestedAgainstItsServer() throws Exception {
        String token = Iam.newTenant().ownerToken();
        String good = create(token, "test db", "postgres", testDatabase(null), null);
        String body = as(token)
                .post("/api/v1/credentials/" + good + "/test")
                .then()
                .statusCode(200)
                .body("status", equalTo("ok"))
                .body("message", containsString("SELECT 1"))
                .extract()
                .asString();
        assertThat(body).doesNotContain(PG_PASSWORD);

        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        String bad = create(token, "closed port", "postgres", testDatabase(closed), null);
        String failed = as(token)
                .post("/api/v1/credentials/" + bad + "/test")
                .then()
                .statusCode(200)
                .body("status", equalTo("error"))
                .body("message", containsString("cannot connect"))
                .extract()
                .asString();
        assertThat(failed).doesNotContain(PG_PASSWORD);
    }

    @Test
    void metadataAddressesAreNeverTestedAndOtherTypesCannotBe() {
        String token = Iam.newTenant().ownerToken();
        String metadata = create(token, "meta", "postgres", "{\"host\":\"169.254.169.254\"}", null);
        as(token)
                .post("/api/v1/credentials/" + metadata + "/test")
                .then()
                .statusCode(200)
                .body("status", equalTo("error"))
                .body("message", containsString("cloud metadata"));
        // the host goes into the driver's URL: parameters there could replace the sockets that apply the policy
        String injected = create(
                token,
                "inj",
                "postgres",
                "{\"host\":\"127.0.0.1/postgres?socketFactory=javax.net.DefaultSocketFactory&x=\",\"ssl\":\"verify-full\"}",
                null);
        as(token)
                .post("/api/v1/credentials/" + injected + "/test")
                .then()
                .statusCode(200)
                .body("status", equalTo("error"))
                .body("message", containsString("is not a host name or an IP address"));
        String header = create(token, "hdr", "httpHeaderAuth", "{\"name\":\"X\",\"value\":\"v-5678\"}", null);
        as(token)
                .post("/api/v1/credentials/" + header + "/test")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("https://hetumind.io/problems/credential-untestable"))
                .body("detail", equalTo("credentials of type 'httpHeaderAuth' cannot be tested"));
    }
}
