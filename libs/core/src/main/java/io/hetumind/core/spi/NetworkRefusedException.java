package io.hetumind.core.spi;

/**
 * A node was about to connect somewhere its instance's {@link NetworkPolicy} does not allow. A user
 * error (the workflow asked for it; retrying cannot help). The message names the host as the
 * workflow wrote it and the class of address, never other resolved addresses.
 */
public final class NetworkRefusedException extends NodeException {

    private final String host;
    private final AddressClass addressClass;

    NetworkRefusedException(String host, AddressClass addressClass, String message, int itemIndex) {
        super(ErrorKind.USER, message, itemIndex, null, null);
        this.host = host;
        this.addressClass = addressClass;
    }

    static NetworkRefusedException of(String host, String what, AddressClass c) {
        String message =
                "refused to connect to " + what + " — this instance does not allow connections to " + c.networks();
        return new NetworkRefusedException(host, c, message, -1);
    }

    /** A host that {@code who}'s host allow-list does not name ({@link NetworkPolicy#onlyHosts}). */
    static NetworkRefusedException notListed(String host, int port, String who, String declared) {
        String message = "refused to connect to " + host + " port " + port + " — " + who
                + " may only connect to the hosts it declares (" + declared + ")";
        return new NetworkRefusedException(host, null, message, -1);
    }

    /** The host as the node was asked to reach it. */
    public String host() {
        return host;
    }

    /** The class of address refused; null when the host was refused by name ({@link NetworkPolicy#onlyHosts}). */
    public AddressClass addressClass() {
        return addressClass;
    }

    /**
     * The same refusal said by a node about one item, e.g. {@code "HTTP Request refused to connect to
     * 10.0.0.5 (a private address) — … [item 0]"}.
     */
    public NetworkRefusedException by(String actor, int itemIndex) {
        String message = actor + " " + getMessage() + (itemIndex >= 0 ? " [item " + itemIndex + "]" : "");
        return new NetworkRefusedException(host, addressClass, message, itemIndex);
    }
}
