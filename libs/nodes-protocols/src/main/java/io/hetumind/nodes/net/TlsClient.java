package io.hetumind.nodes.net;

import io.hetumind.core.spi.ErrorKind;
import io.hetumind.core.spi.NodeException;
import io.hetumind.nodes.http.TrustAll;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateExpiredException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS over a socket already connected to the address the network policy checked, with the credential's
 * host name for SNI and the certificate check (the socket's own address is an IP literal). Trust is the
 * credential's CA certificates when given (as Node's {@code ca} option, they replace the default roots),
 * else the JVM's; a client certificate is offered when the credential has one.
 */
public final class TlsClient {

    static final int HANDSHAKE_MILLIS = 10_000;
    private static final String NO_ANSWER = "no TLS answer in time";

    private final SSLContext context;
    private final TrustManager[] trust;
    private final KeyManager[] keys;
    private final String host;
    private final boolean verify;
    private final boolean ownCa;

    private TlsClient(
            SSLContext context, TrustManager[] trust, KeyManager[] keys, String host, boolean verify, boolean ownCa) {
        this.context = context;
        this.trust = trust;
        this.keys = keys;
        this.host = host;
        this.verify = verify;
        this.ownCa = ownCa;
    }

    /**
     * @param host the credential's host name (what the certificate must name)
     * @param ca trusted CA certificates; empty for the JVM's trust store
     * @param key the client's private key, or null for none
     * @param chain the client's certificate chain (with {@code key})
     * @param verify false accepts any certificate and name (an explicit "disable verification" option)
     */
    public static TlsClient of(
            String host, List<X509Certificate> ca, PrivateKey key, List<X509Certificate> chain, boolean verify) {
        try {
            TrustManager[] trust;
            if (!verify) {
                trust = new TrustManager[] {TrustAll.manager()};
            } else if (ca.isEmpty()) {
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init((KeyStore) null);
                trust = tmf.getTrustManagers();
            } else {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                for (int i = 0; i < ca.size(); i++) {
                    store.setCertificateEntry("ca" + i, ca.get(i));
                }
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(store);
                trust = tmf.getTrustManagers();
            }
            KeyManager[] keys = new KeyManager[0];
            if (key != null) {
                char[] pass = "in-memory".toCharArray();
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                store.setKeyEntry("client", key, pass, chain.toArray(new X509Certificate[0]));
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(store, pass);
                keys = kmf.getKeyManagers();
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, trust, null);
            return new TlsClient(context, trust, keys, host, verify, !ca.isEmpty());
        } catch (GeneralSecurityException | IOException e) {
            // a key that does not match its certificate's algorithm lands here
            throw NodeException.user("the client certificate and private key cannot be used together: "
                    + e.getClass().getSimpleName());
        }
    }

    public SSLContext context() {
        return context;
    }

    /** The trust managers behind {@link #context()}, for drivers that build their own context. */
    public TrustManager[] trustManagers() {
        return trust.clone();
    }

    /** The key managers behind {@link #context()} (none without a client certificate). */
    public KeyManager[] keyManagers() {
        return keys.clone();
    }

    /** The handshake settings: the host name for SNI, and endpoint identification when verifying. */
    public SSLParameters parameters() {
        SSLParameters p = context.getDefaultSSLParameters();
        if (verify) {
            p.setEndpointIdentificationAlgorithm("HTTPS");
        }
        if (!isIpLiteral(host)) {
            try {
                p.setServerNames(List.of(new SNIHostName(host)));
            } catch (IllegalArgumentException e) {
                // a name SNI cannot carry (e.g. with an underscore) is still checked against the certificate
            }
        }
        return p;
    }

    /** Layers TLS over {@code plain} (connected to the checked address) and completes the handshake. */
    public SSLSocket layer(Socket plain, int port) throws IOException {
        SSLSocket s = wrap(plain, port);
        int timeout = plain.getSoTimeout();
        // a plain-text server reads the hello as the start of a command and waits: bound the wait
        s.setSoTimeout(timeout == 0 ? HANDSHAKE_MILLIS : Math.min(timeout, HANDSHAKE_MILLIS));
        try {
            s.startHandshake();
        } catch (SocketTimeoutException e) {
            s.close();
            SSLHandshakeException h = new SSLHandshakeException(NO_ANSWER);
            h.initCause(e);
            throw h;
        }
        s.setSoTimeout(timeout);
        return s;
    }

    /** The TLS socket over {@code plain}, set up but before its handshake (for drivers that start it themselves). */
    public SSLSocket wrap(Socket plain, int port) throws IOException {
        SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, true);
        s.setUseClientMode(true);
        s.setSSLParameters(parameters());
        return s;
    }

    /**
     * A factory for client libraries that layer TLS themselves over the socket they connected: whatever
     * host they pass (the IP literal they were given), the credential's host name is used.
     */
    public SSLSocketFactory socketFactory() {
        SSLSocketFactory base = context.getSocketFactory();
        return new SSLSocketFactory() {
            @Override
            public Socket createSocket(Socket s, String h, int port, boolean autoClose) throws IOException {
                return layer(s, port);
            }

            @Override
            public String[] getDefaultCipherSuites() {
                return base.getDefaultCipherSuites();
            }

            @Override
            public String[] getSupportedCipherSuites() {
                return base.getSupportedCipherSuites();
            }

            @Override
            public Socket createSocket(String h, int p) throws IOException {
                throw refusedByName();
            }

            @Override
            public Socket createSocket(String h, int p, InetAddress la, int lp) throws IOException {
                throw refusedByName();
            }

            @Override
            public Socket createSocket(InetAddress h, int p) throws IOException {
                throw refusedByName();
            }

            @Override
            public Socket createSocket(InetAddress h, int p, InetAddress la, int lp) throws IOException {
                throw refusedByName();
            }
        };
    }

    /**
     * A factory of unconnected sockets for client libraries that connect plain sockets themselves: each
     * connects to {@code target} (the checked address) whatever it is asked for, then completes the TLS
     * handshake with the credential's host name before the library reads or writes.
     */
    public javax.net.SocketFactory connectingFactory(java.net.InetSocketAddress target) {
        return new javax.net.SocketFactory() {
            @Override
            public Socket createSocket() {
                return new LayeredTlsSocket(TlsClient.this, target);
            }

            @Override
            public Socket createSocket(String h, int p) throws IOException {
                Socket s = createSocket();
                s.connect(target);
                return s;
            }

            @Override
            public Socket createSocket(String h, int p, InetAddress la, int lp) throws IOException {
                return createSocket(h, p);
            }

            @Override
            public Socket createSocket(InetAddress h, int p) throws IOException {
                return createSocket("", p);
            }

            @Override
            public Socket createSocket(InetAddress h, int p, InetAddress la, int lp) throws IOException {
                return createSocket("", p);
            }
        };
    }

    /**
     * Connecting by name here would resolve the host again, past the network policy that checked the address: a
     * library handed {@link #socketFactory} must connect the checked address itself and layer TLS over that socket.
     */
    private static IOException refusedByName() {
        return new java.net.SocketException(
                "TLS connections are layered over a socket to the address the network policy checked, never opened by"
                        + " name");
    }

    /**
     * The TLS failure somewhere in {@code e}'s causes, in words a user can act on, or null when the
     * failure was not about TLS.
     */
    public String failure(Throwable e) {
        SSLException ssl = null;
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof CertificateExpiredException) {
                return "TLS handshake failed: the server's certificate has expired";
            }
            if (t instanceof SSLException s && ssl == null) {
                ssl = s;
            }
        }
        if (ssl == null) {
            return null;
        }
        String all = messages(ssl);
        String why;
        if (all.contains("No subject alternative") || all.contains("No name matching")) {
            why = "host name mismatch: the server's certificate is not issued for '" + host + "'";
        } else if (all.contains("PKIX path") || all.contains("certification path")) {
            why = "certificate not trusted: "
                    + (ownCa
                            ? "the server's certificate is not signed by the credential's CA certificate"
                            : "the server's certificate is not signed by a CA the JVM trusts (set the CA"
                                    + " certificate)");
        } else if (all.contains(NO_ANSWER)) {
            why = "the server did not answer the TLS handshake within " + HANDSHAKE_MILLIS / 1000
                    + " s (a plain-text port? turn SSL off)";
        } else if (all.contains("Unsupported or unrecognized SSL message")) {
            why = "the server does not speak TLS on this port (a plain-text port? turn SSL off)";
        } else if (all.contains("certificate_required") || all.contains("bad_certificate")) {
            why = "the server refused the client certificate (or wants one): " + ssl.getMessage();
        } else if (all.contains("Remote host terminated") || all.contains("closed")) {
            why = "the server closed the connection during the handshake";
        } else {
            why = ssl.getMessage();
        }
        return "TLS handshake failed: " + why;
    }

    /** The kind of a TLS failure: the credential's to fix unless the network broke during the handshake. */
    public static ErrorKind kind(String failure) {
        return failure.contains("closed the connection") || failure.contains("did not answer")
                ? ErrorKind.OPERATIONAL
                : ErrorKind.USER;
    }

    private static String messages(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            b.append(t.getMessage()).append('\n');
        }
        return b.toString();
    }

    static boolean isIpLiteral(String host) {
        return host.contains(":") || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }
}
