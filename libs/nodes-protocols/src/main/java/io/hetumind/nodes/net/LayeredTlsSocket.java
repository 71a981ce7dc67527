package io.hetumind.nodes.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import javax.net.ssl.SSLSocket;

/**
 * An unconnected socket for client libraries that create and connect plain sockets themselves (Paho's
 * TCP module): whatever address it is asked to connect to, it connects to the checked address, layers
 * {@link TlsClient}'s TLS over that connection and then reads and writes through it.
 */
final class LayeredTlsSocket extends Socket {

    private final TlsClient tls;
    private final InetSocketAddress target;
    private volatile SSLSocket layered;
    private int pendingTimeout;

    LayeredTlsSocket(TlsClient tls, InetSocketAddress target) {
        this.tls = tls;
        this.target = target;
    }

    @Override
    public void connect(SocketAddress ignored) throws IOException {
        connect(ignored, 0);
    }

    @Override
    public void connect(SocketAddress ignored, int timeout) throws IOException {
        Socket plain = new Socket();
        try {
            plain.setTcpNoDelay(true);
            plain.connect(target, timeout);
            plain.setSoTimeout(pendingTimeout);
            layered = tls.layer(plain, target.getPort());
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }

    private SSLSocket open() throws SocketException {
        SSLSocket s = layered;
        if (s == null) {
            throw new SocketException("Socket is not connected");
        }
        return s;
    }

    @Override
    public InputStream getInputStream() throws IOException {
        return open().getInputStream();
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        return open().getOutputStream();
    }

    @Override
    public void setSoTimeout(int timeout) throws SocketException {
        if (layered == null) {
            pendingTimeout = timeout;
        } else {
            layered.setSoTimeout(timeout);
        }
    }

    @Override
    public int getSoTimeout() throws SocketException {
        return layered == null ? pendingTimeout : layered.getSoTimeout();
    }

    @Override
    public void setTcpNoDelay(boolean on) throws SocketException {
        if (layered != null) {
            layered.setTcpNoDelay(on);
        }
    }

    @Override
    public void shutdownInput() throws IOException {
        open().shutdownInput();
    }

    @Override
    public void shutdownOutput() throws IOException {
        open().shutdownOutput();
    }

    @Override
    public boolean isConnected() {
        return layered != null && layered.isConnected();
    }

    @Override
    public boolean isClosed() {
        return layered == null ? super.isClosed() : layered.isClosed();
    }

    @Override
    public InetAddress getInetAddress() {
        return layered == null ? null : layered.getInetAddress();
    }

    @Override
    public int getPort() {
        return layered == null ? 0 : layered.getPort();
    }

    @Override
    public SocketAddress getRemoteSocketAddress() {
        return layered == null ? null : layered.getRemoteSocketAddress();
    }

    @Override
    public synchronized void close() throws IOException {
        try {
            if (layered != null) {
                layered.close();
            }
        } finally {
            super.close();
        }
    }
}
