package io.hetumind.executor.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Grpc;
import io.grpc.HandlerRegistry;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerMethodDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS and API-key connection options, against a TLS gRPC server of the test's own (the CA, server and client
 * certificates in {@code src/test/resources/tls}, made by its {@code gen.sh}) that records what each call brought —
 * the client certificate, the {@code Authorization} and {@code temporal-namespace} headers — and answers
 * UNIMPLEMENTED: what a Temporal Cloud frontend would see, without one.
 */
class TemporalConnectionTest {

    private record Seen(String peer, String authorization, String namespace, String method) {}

    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private Server server;
    private WorkflowServiceStubs stubs;

    @AfterEach
    void stop() throws InterruptedException {
        if (stubs != null) {
            stubs.shutdownNow();
        }
        if (server != null) {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static Path tls(String name) throws URISyntaxException {
        return Path.of(TemporalConnectionTest.class.getResource("/tls/" + name).toURI());
    }

    /** A TLS server on a loopback port that requires a client certificate from the test CA. */
    private String startServer() throws Exception {
        HandlerRegistry any = new HandlerRegistry() {
            @Override
            public ServerMethodDefinition<?, ?> lookupMethod(String method, String authority) {
                MethodDescriptor<InputStream, InputStream> md = MethodDescriptor.newBuilder(RAW, RAW)
                        .setFullMethodName(method)
                        .setType(MethodDescriptor.MethodType.UNKNOWN)
                        .build();
                return ServerMethodDefinition.create(md, (call, headers) -> {
                    SSLSession ssl = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
                    String peer;
                    try {
                        peer = ((X509Certificate) ssl.getPeerCertificates()[0])
                                .getSubjectX500Principal()
                                .getName();
                    } catch (Exception none) {
                        peer = null;
                    }
                    seen.add(new Seen(
                            peer,
                            headers.get(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER)),
                            headers.get(TemporalConnection.NAMESPACE_HEADER),
                            method));
                    call.close(Status.UNIMPLEMENTED.withDescription("test server"), new Metadata());
                    return new ServerCall.Listener<>() {};
                });
            }
        };
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .sslContext(GrpcSslContexts.forServer(
                                tls("server.pem").toFile(), tls("server.key").toFile())
                        .trustManager(tls("ca.pem").toFile())
                        .clientAuth(ClientAuth.REQUIRE)
                        .build())
                .fallbackHandlerRegistry(any)
                .build()
                .start();
        return "127.0.0.1:" + server.getPort();
    }

    private static final MethodDescriptor.Marshaller<InputStream> RAW = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(InputStream value) {
            return value;
        }

        @Override
        public InputStream parse(InputStream stream) {
            try {
                return new ByteArrayInputStream(stream.readAllBytes());
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
    };

    private StatusRuntimeException call(TemporalConnection connection) {
        stubs = WorkflowServiceStubs.newServiceStubs(connection.stubsOptions());
        try {
            stubs.blockingStub()
                    .withDeadlineAfter(10, TimeUnit.SECONDS)
                    .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
        } catch (StatusRuntimeException e) {
            return e;
        }
        throw new AssertionError("the test server answers every call with an error");
    }

    @Test
    void mutualTlsAndAnApiKeyReachTheServer() throws Exception {
        String target = startServer();
        TemporalConnection c = new TemporalConnection(
                target,
                "hetumind.a1b2c",
                new TemporalConnection.Tls(tls("client.pem"), tls("client.key"), tls("ca.pem"), null),
                "key-123");

        StatusRuntimeException answer = call(c);

        assertThat(answer.getStatus().getCode())
                .as("the call got through TLS to the server: %s", answer)
                .isEqualTo(Status.Code.UNIMPLEMENTED);
        assertThat(seen).singleElement().satisfies(s -> {
            assertThat(s.peer()).isEqualTo("CN=hetumind-test-client");
            assertThat(s.authorization()).isEqualTo("Bearer key-123");
            assertThat(s.namespace()).isEqualTo("hetumind.a1b2c");
            assertThat(s.method()).isEqualTo("temporal.api.workflowservice.v1.WorkflowService/GetSystemInfo");
        });
    }

    @Test
    void theServerNameReplacesTheTargetsHostInTheCertificateCheck() throws Exception {
        String target = startServer();
        // the certificate names 127.0.0.1 and localhost: reached at 127.0.0.1, a server name it lacks fails the check
        TemporalConnection otherName = new TemporalConnection(
                target,
                "default",
                new TemporalConnection.Tls(tls("client.pem"), tls("client.key"), tls("ca.pem"), "temporal.example"),
                null);
        TemporalConnection itsName = new TemporalConnection(
                target,
                "default",
                new TemporalConnection.Tls(tls("client.pem"), tls("client.key"), tls("ca.pem"), "localhost"),
                null);

        assertThat(call(otherName).getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(seen).isEmpty();
        stubs.shutdownNow();
        assertThat(call(itsName).getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
        assertThat(seen).singleElement().satisfies(s -> assertThat(s.authorization())
                .isNull());
    }

    @Test
    void withoutTheClientCertificateOrTheCaTheHandshakeFails() throws Exception {
        String target = startServer();

        StatusRuntimeException noClientCert = call(new TemporalConnection(
                target, "default", new TemporalConnection.Tls(null, null, tls("ca.pem"), null), null));
        stubs.shutdownNow();
        StatusRuntimeException untrustedServer = call(new TemporalConnection(
                target, "default", new TemporalConnection.Tls(tls("client.pem"), tls("client.key"), null, null), null));

        assertThat(noClientCert.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(untrustedServer.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(seen).as("no call reached the server").isEmpty();
    }

    @Test
    void plainByDefaultAndAnApiKeyAloneMeansTls() {
        WorkflowServiceStubsOptions plain =
                TemporalConnection.plain("127.0.0.1:7233", "default").stubsOptions();
        assertThat(plain.getSslContext()).isNull();
        assertThat(plain.getEnableHttps()).isFalse();
        assertThat(plain.getGrpcMetadataProviders()).isNullOrEmpty();

        TemporalConnection cloud = new TemporalConnection("ns.acct.tmprl.cloud:7233", "ns.acct", null, " k ");
        assertThat(cloud.secure()).isTrue();
        WorkflowServiceStubsOptions o = cloud.stubsOptions();
        assertThat(o.getSslContext()).isNotNull();
        assertThat(o.getGrpcMetadataProviders()).hasSize(1);
        assertThat(o.getHeaders().get(TemporalConnection.NAMESPACE_HEADER)).isEqualTo("ns.acct");
        assertThat(cloud.toString()).doesNotContain(" k ").contains("apiKey=***");
        assertThat(new TemporalConnection("h:1", "d", null, "  ").secure())
                .as("a blank API key is none")
                .isFalse();
    }

    @Test
    void badSettingsAreRefusedByKey(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> new TemporalConnection.Tls(tls("client.pem"), null, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(
                        "hetumind.temporal.tls.client-cert and hetumind.temporal.tls.client-key go together");
        assertThatThrownBy(() -> new TemporalConnection.Tls(null, null, dir.resolve("missing.pem"), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hetumind.temporal.tls.server-ca names")
                .hasMessageContaining("not a readable file");
        Path rsaKey = Files.writeString(
                dir.resolve("bad.key"), "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
        TemporalConnection badKey = new TemporalConnection(
                "h:1", "d", new TemporalConnection.Tls(tls("client.pem"), rsaKey, null, null), null);
        assertThatThrownBy(badKey::stubsOptions)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hetumind.temporal.tls.client-cert / client-key");
        Path notPem = Files.writeString(dir.resolve("ca.pem"), "not a certificate");
        TemporalConnection badCa =
                new TemporalConnection("h:1", "d", new TemporalConnection.Tls(null, null, notPem, null), null);
        assertThatThrownBy(badCa::stubsOptions)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hetumind.temporal.tls.server-ca");
        assertThatThrownBy(() -> new TemporalConnection("h:1", "d", null, "a\nb"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hetumind.temporal.api-key must be one line");
        assertThatThrownBy(() -> new TemporalConnection("h:1", " ", null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hetumind.temporal.namespace must be set");
    }
}
