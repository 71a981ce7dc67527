package io.hetumind.studio.designer;

import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.studio.config.StudioConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The pass-through when IAM is down or hangs, on real sockets: a Vert.x server with only the pass-through's routes, in
 * front of a closed port (502) and of a socket that accepts and never answers (504).
 */
class IamOutageTest {
    Vertx vertx;
    HttpServer server;
    final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeEach
    void vertx() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    int serve(String iamUrl) throws Exception {
        DesignerConfig config = new DesignerConfig() {
            @Override
            public Optional<String> iamUrl() {
                return Optional.of(iamUrl);
            }

            @Override
            public Duration iamConnectTimeout() {
                return Duration.ofSeconds(2);
            }

            @Override
            public Duration iamTimeout() {
                return Duration.ofMillis(800);
            }
        };
        StudioConfig studio = new StudioConfig() {
            @Override
            public Role role() {
                return Role.all;
            }

            @Override
            public Optional<String> publicUrl() {
                return Optional.empty();
            }
        };
        Router router = Router.router(vertx);
        new IamPassThrough(studio, config, null).install(router, vertx);
        server = vertx.createHttpServer()
                .requestHandler(router)
                .listen(0, "127.0.0.1")
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        return server.actualPort();
    }

    static HttpResponse<String> signin(int port) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/iam/api/v1/auth/signin"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "{\"email\":\"a@b.test\",\"password\":\"x\"}"))
                                .timeout(Duration.ofSeconds(20))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void iamDownIsA502ProblemInWords() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        HttpResponse<String> r = signin(serve("http://127.0.0.1:" + closed));
        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(r.body()).contains("iam-unavailable").contains("cannot be reached");
    }

    @Test
    void iamHangingIsA504ProblemAfterTheTimeout() throws Exception {
        ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        closing.add(silent);
        List<Socket> accepted = new ArrayList<>();
        Thread.ofVirtual().start(() -> {
            try {
                while (!silent.isClosed()) {
                    accepted.add(silent.accept()); // read nothing, answer nothing
                }
            } catch (Exception e) {
                // closed
            }
        });
        long start = System.nanoTime();
        HttpResponse<String> r = signin(serve("http://127.0.0.1:" + silent.getLocalPort()));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(r.statusCode()).isEqualTo(504);
        assertThat(r.body()).contains("iam-timeout");
        assertThat(ms).isBetween(700L, 10_000L);
        for (Socket s : accepted) {
            s.close();
        }
    }

    @Test
    void pathsOutsideIamsPublicAreasAreRefusedBeforeAnyCall() {
        assertThat(IamPassThrough.allowed("/api/v1/auth/signin")).isTrue();
        assertThat(IamPassThrough.allowed("/api/v1/audit-events")).isTrue();
        assertThat(IamPassThrough.allowed("/api/v1/users/me")).isTrue();
        assertThat(IamPassThrough.allowed("/api/v1/keys/rotate")).isFalse();
        assertThat(IamPassThrough.allowed("/api/v1/auth/../keys/rotate")).isFalse();
        assertThat(IamPassThrough.allowed("/api/v1/auth/%2e%2e/keys")).isFalse();
        assertThat(IamPassThrough.allowed("/api/v1//keys")).isFalse();
        assertThat(IamPassThrough.allowed("/.well-known/jwks.json")).isFalse();
        assertThat(IamPassThrough.allowed("/q/health")).isFalse();
    }
}
