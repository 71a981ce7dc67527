package io.hetumind.testkit;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * A tenant on the real IAM: its owner's token (signed in again when it nears the short test TTL), and agent tokens
 * exchanged for access tokens.
 */
public final class Iam {
    /** IAM's access-token TTL in these tests (short, so expiry is observable). */
    public static final int TTL_SECONDS = 20;

    /** Every test owner's password. */
    public static final String PASSWORD = "correct horse battery";

    private final String base;
    private final String email;
    private String token;
    private long tokenAt;

    private Iam(String base, String email, String token) {
        this.base = base;
        this.email = email;
        this.token = token;
        this.tokenAt = System.currentTimeMillis();
    }

    /** Signs up a new owner with a tenant of their own. */
    public static Iam newTenant() {
        String base = ConfigProvider.getConfig().getValue("hetumind.test.iam-url", String.class);
        String email = "owner-" + UUID.randomUUID() + "@example.test";
        String token = given().baseUri(base)
                .contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", PASSWORD, "name", "Owner", "tenant", "Acme " + email))
                .post("/api/v1/auth/signup")
                .then()
                .statusCode(201)
                .extract()
                .path("accessToken");
        return new Iam(base, email, token);
    }

    /** The owner's e-mail address; the password is {@link #PASSWORD}. */
    public String email() {
        return email;
    }

    /** The base URL of the IAM these tenants live on. */
    public String baseUrl() {
        return base;
    }

    /** Makes the next {@link #ownerToken()} sign in again: the owner's roles or flags changed since its token. */
    public synchronized void signInAgain() {
        tokenAt = 0;
    }

    public synchronized String ownerToken() {
        if (System.currentTimeMillis() - tokenAt > (TTL_SECONDS - 8) * 1000L) {
            token = given().baseUri(base)
                    .contentType(ContentType.JSON)
                    .body(Map.of("email", email, "password", PASSWORD))
                    .post("/api/v1/auth/signin")
                    .then()
                    .statusCode(200)
                    .extract()
                    .path("accessToken");
            tokenAt = System.currentTimeMillis();
        }
        return token;
    }

    /** A new agent token ({@code hma_…}) for {@code namespace}. */
    public String agentSecret(String namespace) {
        return given().baseUri(base)
                .header("Authorization", "Bearer " + ownerToken())
                .contentType(ContentType.JSON)
                .body(Map.of("name", "agent-" + UUID.randomUUID(), "namespace", namespace))
                .post("/api/v1/agent-tokens")
                .then()
                .statusCode(201)
                .extract()
                .path("secret");
    }

    /** The short-lived access token an agent connects with. */
    public String agentToken(String namespace) {
        return given().baseUri(base)
                .contentType(ContentType.JSON)
                .body(Map.of("secret", agentSecret(namespace)))
                .post("/api/v1/auth/agent")
                .then()
                .statusCode(200)
                .extract()
                .path("accessToken");
    }
}
