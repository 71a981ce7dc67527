package io.hetumind.nodes.graphql;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.security.AuthenticationState;
import org.eclipse.jetty.security.Constraint;
import org.eclipse.jetty.security.HashLoginService;
import org.eclipse.jetty.security.SecurityHandler;
import org.eclipse.jetty.security.UserStore;
import org.eclipse.jetty.security.authentication.DigestAuthenticator;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.security.Password;

/**
 * A real HTTP Digest server: Jetty's {@code DigestAuthenticator} (RFC 2617, MD5, qop auth, nonce counts checked)
 * guarding a handler that answers a GraphQL-shaped {@code {"data":{"hello":"Hello <user>"}}}. Every request's
 * Authorization header (or null) is recorded in arrival order.
 */
final class DigestServer implements AutoCloseable {

    static final String USER = "alice";
    static final String PASSWORD = "d1gest-Pa55";

    /** What one request carried. */
    record Seen(String method, String authorization, String query, String body) {}

    final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final Server server;
    private final ServerConnector connector;

    DigestServer() throws Exception {
        server = new Server();
        connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        UserStore users = new UserStore();
        users.addUser(USER, new Password(PASSWORD), new String[] {"user"});
        HashLoginService login = new HashLoginService("hetumind-digest");
        login.setUserStore(users);
        SecurityHandler.PathMapped security = new SecurityHandler.PathMapped();
        security.setLoginService(login);
        security.setAuthenticator(new DigestAuthenticator());
        security.put("/*", Constraint.from("user"));
        security.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                String body = Content.Source.asString(request, StandardCharsets.UTF_8);
                seen.set(
                        seen.size() - 1,
                        new Seen(
                                request.getMethod(),
                                request.getHeaders().get("Authorization"),
                                request.getHttpURI().getQuery(),
                                body));
                String who = AuthenticationState.getUserPrincipal(request).getName();
                response.getHeaders().put("Content-Type", "application/json");
                Content.Sink.write(response, true, "{\"data\":{\"hello\":\"Hello " + who + "\"}}", callback);
                return true;
            }
        });
        server.setHandler(new Handler.Wrapper(security) {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                seen.add(new Seen(
                        request.getMethod(),
                        request.getHeaders().get("Authorization"),
                        request.getHttpURI().getQuery(),
                        null));
                return super.handle(request, response, callback);
            }
        });
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + connector.getLocalPort() + path;
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
