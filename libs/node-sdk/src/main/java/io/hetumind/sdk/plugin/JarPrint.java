package io.hetumind.sdk.plugin;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.jar.JarFile;

/**
 * What a plugin jar holds, for telling whether a reload must load it again: a SHA-256 of the jar and of its
 * {@code NAME.properties} beside it (so touching a file changes nothing, editing the configuration does), and the
 * plugin name it declares (null when it declares none or cannot be read).
 */
record JarPrint(String print, String name) {

    static JarPrint of(Path jar) {
        String name = null;
        try (JarFile file = new JarFile(jar.toFile())) {
            name = PluginManifest.read(file, jar.toAbsolutePath().getParent()).name();
        } catch (IOException | RuntimeException e) {
            // refused when loaded; its content alone tells whether it changed
        }
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        add(digest, jar);
        if (name != null) {
            Path config = jar.resolveSibling(name + ".properties");
            digest.update((byte) 0);
            if (Files.isRegularFile(config)) {
                add(digest, config);
            }
        }
        return new JarPrint(HexFormat.of().formatHex(digest.digest()), name);
    }

    private static void add(MessageDigest digest, Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[64 * 1024];
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                digest.update(buf, 0, n);
            }
        } catch (IOException e) {
            digest.update(("unreadable: " + e.getMessage()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }
}
