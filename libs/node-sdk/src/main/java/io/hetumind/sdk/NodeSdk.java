package io.hetumind.sdk;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The node SDK's identity. {@link #SDK_VERSION} is the version of the node contract (the {@code io.hetumind.core.spi}
 * types a plugin compiles against), not of the Hetumind build: a plugin records the SDK version it was built for and
 * a host loads it when the major versions are equal and the plugin's minor version is not newer than the host's
 * (semantic versioning: a minor release only adds to the contract, a major one may break it).
 */
public final class NodeSdk {

    /** The node contract this build provides, {@code MAJOR.MINOR.PATCH}. */
    public static final String SDK_VERSION = "1.0.0";

    /** The Maven version of the {@code io.hetumind:hetumind-node-sdk} artifact this class was built in. */
    public static final String ARTIFACT_VERSION = artifactVersion();

    private NodeSdk() {}

    /**
     * Null when a plugin built for SDK {@code pluginSdk} runs on this host, else why not (naming both versions).
     *
     * @throws IllegalArgumentException when {@code pluginSdk} is not {@code MAJOR.MINOR[.PATCH]}
     */
    public static String incompatibility(String pluginSdk) {
        return incompatibility(pluginSdk, SDK_VERSION);
    }

    /** {@link #incompatibility(String)} against a given host version (tests). */
    static String incompatibility(String pluginSdk, String hostSdk) {
        int[] plugin = parse(pluginSdk);
        int[] host = parse(hostSdk);
        if (plugin[0] != host[0]) {
            return "it was built for node SDK " + pluginSdk + " but this host provides node SDK " + hostSdk
                    + " (major versions differ)";
        }
        if (plugin[1] > host[1]) {
            return "it was built for node SDK " + pluginSdk + " but this host provides node SDK " + hostSdk
                    + " (the plugin needs a newer minor version)";
        }
        return null;
    }

    private static int[] parse(String version) {
        String[] parts = version == null ? new String[0] : version.trim().split("\\.");
        if (parts.length < 2 || parts.length > 3) {
            throw new IllegalArgumentException("SDK version '" + version + "' is not MAJOR.MINOR[.PATCH]");
        }
        int[] out = new int[3];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("SDK version '" + version + "' is not MAJOR.MINOR[.PATCH]");
            }
            if (out[i] < 0) {
                throw new IllegalArgumentException("SDK version '" + version + "' is not MAJOR.MINOR[.PATCH]");
            }
        }
        return out;
    }

    private static String artifactVersion() {
        try (InputStream in = NodeSdk.class.getResourceAsStream("sdk.properties")) {
            if (in == null) {
                throw new IllegalStateException("io/hetumind/sdk/sdk.properties is missing from the node SDK jar");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("artifact.version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
