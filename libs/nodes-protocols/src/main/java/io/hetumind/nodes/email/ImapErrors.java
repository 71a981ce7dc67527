package io.hetumind.nodes.email;

import io.hetumind.core.spi.ErrorKind;
import io.hetumind.core.spi.NodeException;
import io.hetumind.nodes.credentials.Secrets;
import io.hetumind.nodes.net.PinnedAddress;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.FolderNotFoundException;
import jakarta.mail.MessagingException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;

/**
 * Angus Mail's IMAP failures in words: who is at fault (refused credentials, a missing mailbox and
 * refused search criteria are user errors; the rest operational), naming host:port, never a secret.
 */
final class ImapErrors {

    private final PinnedAddress server;
    private final String user;
    private final String mailbox;
    private final Secrets secrets;

    ImapErrors(PinnedAddress server, String user, String mailbox, Secrets secrets) {
        this.server = server;
        this.user = user;
        this.mailbox = mailbox;
        this.secrets = secrets;
    }

    /** Angus's failure in words naming host:port, never a secret. */
    NodeException of(MessagingException e) {
        String where = "the IMAP server at " + server.where();
        NodeException out;
        if (e instanceof AuthenticationFailedException) {
            out = new NodeException(
                    ErrorKind.USER,
                    where + " refused the credentials of user '" + user + "': " + reason(e),
                    -1,
                    null,
                    null);
        } else if (e instanceof FolderNotFoundException) {
            out = NodeException.user("mailbox '" + mailbox + "' does not exist at " + where);
        } else {
            Throwable root = e;
            javax.net.ssl.SSLException tls = null;
            for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
                root = t;
                if (t instanceof javax.net.ssl.SSLException s && tls == null) {
                    tls = s;
                }
            }
            if (tls != null) {
                out = NodeException.operational(
                        "TLS with " + where + " failed: " + tls.getMessage()
                                + " (the credential's 'Allow Self-Signed Certificates' skips the certificate check)",
                        null);
            } else if (root instanceof ConnectException || root instanceof NoRouteToHostException) {
                out = NodeException.operational("could not connect to " + where + ": " + root.getMessage(), null);
            } else if (root instanceof SocketTimeoutException) {
                out = NodeException.operational(where + " did not answer in time (is it an IMAP server?)", null);
            } else if (e.getCause() instanceof org.eclipse.angus.mail.iap.CommandFailedException
                    || e.getCause() instanceof org.eclipse.angus.mail.iap.BadCommandException) {
                out = NodeException.user(
                        where + " refused the search criteria (options.customEmailConfig): " + reason(e));
            } else {
                out = NodeException.operational("IMAP with " + where + " failed: " + reason(e), null);
            }
        }
        return secrets.redact(out);
    }

    static String reason(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            Throwable c = e.getCause();
            m = c != null && c.getMessage() != null
                    ? c.getMessage()
                    : e.getClass().getSimpleName();
        }
        return m.strip().replaceAll("\\s+", " ");
    }
}
