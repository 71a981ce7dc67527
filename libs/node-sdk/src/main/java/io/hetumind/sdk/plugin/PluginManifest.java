package io.hetumind.sdk.plugin;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Properties;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * What a plugin jar says about itself: its name, its version and the node SDK version it was built for. Read from
 * {@code META-INF/hetumind-plugin.properties} ({@code name}, {@code version}, {@code sdk-version}) or, when that file
 * is absent, from the jar manifest's main attributes ({@code Hetumind-Plugin-Name}, {@code Hetumind-Plugin-Version},
 * {@code Hetumind-Sdk-Version}). Its {@link PluginPermissions} come from the {@code permissions.*} keys of the
 * properties file; a plugin declared by manifest attributes alone has none.
 */
public record PluginManifest(String name, String version, String sdkVersion, PluginPermissions permissions) {

    public PluginManifest(String name, String version, String sdkVersion) {
        this(name, version, sdkVersion, PluginPermissions.none());
    }

    public static final String PROPERTIES = "META-INF/hetumind-plugin.properties";
    public static final String NAME_ATTRIBUTE = "Hetumind-Plugin-Name";
    public static final String VERSION_ATTRIBUTE = "Hetumind-Plugin-Version";
    public static final String SDK_ATTRIBUTE = "Hetumind-Sdk-Version";

    /** {@code name@version}, how hosts show where a node type comes from. */
    public String label() {
        return name + "@" + version;
    }

    /**
     * Reads the jar's declaration; relative file roots in its permissions resolve against {@code base}.
     *
     * @throws PluginRefusedException when the jar declares no plugin, misses one of the three values or declares
     *     malformed permissions
     */
    static PluginManifest read(JarFile jar, Path base) throws IOException {
        String name;
        String version;
        String sdk;
        Properties p = null;
        ZipEntry props = jar.getEntry(PROPERTIES);
        if (props != null) {
            p = new Properties();
            try (InputStream in = jar.getInputStream(props)) {
                p.load(in);
            }
            name = p.getProperty("name");
            version = p.getProperty("version");
            sdk = p.getProperty("sdk-version");
        } else if (jar.getManifest() != null) {
            Attributes a = jar.getManifest().getMainAttributes();
            name = a.getValue(NAME_ATTRIBUTE);
            version = a.getValue(VERSION_ATTRIBUTE);
            sdk = a.getValue(SDK_ATTRIBUTE);
        } else {
            name = version = sdk = null;
        }
        if (name == null && version == null && sdk == null) {
            throw new PluginRefusedException(
                    null,
                    "it is not a Hetumind plugin: neither " + PROPERTIES
                            + " nor the manifest attributes " + NAME_ATTRIBUTE + ", " + VERSION_ATTRIBUTE + ", "
                            + SDK_ATTRIBUTE
                            + " are present");
        }
        String missing = missing(name, "name") + missing(version, "version") + missing(sdk, "sdk-version");
        if (!missing.isEmpty()) {
            throw new PluginRefusedException(
                    blank(name) ? null : name.trim(),
                    "its plugin declaration lacks " + missing.substring(2).trim());
        }
        if (!name.trim().matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new PluginRefusedException(
                    null, "its plugin name '" + name + "' is not letters, digits, '.', '_' and '-'");
        }
        PluginPermissions permissions = PluginPermissions.none();
        if (p != null) {
            try {
                permissions = PluginPermissions.read(p, base);
            } catch (IllegalArgumentException e) {
                throw new PluginRefusedException(name.trim() + "@" + version.trim(), e.getMessage());
            }
        }
        return new PluginManifest(name.trim(), version.trim(), sdk.trim(), permissions);
    }

    private static String missing(String value, String key) {
        return blank(value) ? ", " + key : "";
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
