package io.hetumind.studio.designer;

import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.studio.config.StudioConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /tasks/*} on real sockets: what passes to the task-server (path, query, body, bearer token, the client's
 * address as the studio saw it) and what is refused before any call (other paths, followed log streams, no task-server
 * configured, the task-server down).
 */
class TaskServerPassThroughTest {
    Vertx vertx;

    @BeforeEach
    void vertx() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    int studio(Optional<String> url) throws Exception {
        SchedulerConfig config = new SchedulerConfig() {
            @Override
            public Optional<String> url() {
                return url;
            }

            @Override
            public Duration connectTimeout() {
                return Duration.ofSeconds(2);
            }

            @Override
            public Duration timeout() {
                return Duration.ofSeconds(5);
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
        new TaskServerPassThrough(studio, config).install(router, vertx);
        return listen(router);
    }

    int listen(Router router) throws Exception {
        HttpServer server = vertx.createHttpServer()
                .requestHandler(router)
                .listen(0, "127.0.0.1")
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        return server.actualPort();
    }

    static HttpResponse<String> call(int port, String method, String path, String body) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .header("Content-Type", "application/json")
                                .header("Authorization", "Bearer t0ken")
                                .header("X-Forwarded-For", "6.6.6.6")
                                .method(
                                        method,
                                        body == null
                                                ? HttpRequest.BodyPublishers.noBody()
                                                : HttpRequest.BodyPublishers.ofString(body))
                                .timeout(Duration.ofSeconds(20))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void callsReachTheTaskServerWithTheCallersTokenAndItsAnswerComesBack() throws Exception {
        AtomicReference<String> seen = new AtomicReference<>();
        Router upstream = Router.router(vertx);
        upstream.route().handler(ctx -> ctx.request().body().onSuccess(b -> {
            seen.set(ctx.request().method() + " " + ctx.request().uri() + " "
                    + ctx.request().getHeader("Authorization") + " "
                    + ctx.request().getHeader("X-Forwarded-For") + " " + b);
            ctx.response()
                    .setStatusCode(201)
                    .putHeader("Content-Type", "application/json")
                    .putHeader("Location", "/api/v1/jobs/1")
                    .putHeader("X-Internal", "secret")
                    .end("{\"id\":\"1\"}");
        }));
        int port = studio(Optional.of("http://127.0.0.1:" + listen(upstream)));
        HttpResponse<String> r = call(port, "POST", "/tasks/api/v1/jobs?x=1", "{\"name\":\"n\"}");
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(r.body()).isEqualTo("{\"id\":\"1\"}");
        assertThat(r.headers().firstValue("Location")).hasValue("/api/v1/jobs/1");
        assertThat(r.headers().firstValue("X-Internal")).isEmpty();
        assertThat(seen.get()).isEqualTo("POST /api/v1/jobs?x=1 Bearer t0ken 127.0.0.1 {\"name\":\"n\"}");

        // refused before any call: other paths, dot segments, followed log streams
        seen.set(null);
        for (String path : new String[] {
            "/tasks/api/v1/system/consistency", "/tasks/q/metrics", "/tasks/api/v1/jobs/../system/stats"
        }) {
            assertThat(call(port, "GET", path, null).statusCode()).as(path).isEqualTo(404);
        }
        HttpResponse<String> follow = call(port, "GET", "/tasks/api/v1/task-instances/1/logs?follow=true", null);
        assertThat(follow.statusCode()).isEqualTo(400);
        assertThat(follow.body()).contains("read logs in pages");
        assertThat(seen.get()).isNull();
    }

    @Test
    void noTaskServerConfiguredOrItsBeingDownIsAProblemInWords() throws Exception {
        HttpResponse<String> none = call(studio(Optional.empty()), "GET", "/tasks/api/v1/jobs", null);
        assertThat(none.statusCode()).isEqualTo(503);
        assertThat(none.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(none.body()).contains("scheduler-not-configured").contains("hetumind.studio.scheduler.url");

        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        HttpResponse<String> down =
                call(studio(Optional.of("http://127.0.0.1:" + closed)), "GET", "/tasks/api/v1/agents", null);
        assertThat(down.statusCode()).isEqualTo(502);
        assertThat(down.body()).contains("scheduler-unavailable").contains("task-server cannot be reached");
    }
}
