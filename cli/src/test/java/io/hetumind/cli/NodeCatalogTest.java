package io.hetumind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node index's fingerprint when the CLI is launched from jars: the jars the class loader reads, unopened. */
class NodeCatalogTest {

    static Path jar(Path file, String classPath) throws IOException {
        Files.createDirectories(file.getParent());
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (classPath != null) {
            manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath);
        }
        try (OutputStream out = Files.newOutputStream(file);
                JarOutputStream jar = new JarOutputStream(out, manifest)) {
            jar.putNextEntry(new ZipEntry("x.txt"));
            jar.write(file.getFileName().toString().getBytes());
        }
        return file;
    }

    @Test
    void theLaunchJarsAreTheClassPathAndItsManifestsEntriesInLoaderOrder(@TempDir Path dir) throws IOException {
        Path a = jar(dir.resolve("lib/a.jar"), null);
        Path b = jar(dir.resolve("lib/b.jar"), null);
        Path main = jar(dir.resolve("cli.jar"), "lib/a.jar  lib/b.jar lib/gone.jar");
        Path other = jar(dir.resolve("other.jar"), null);

        assertThat(NodeCatalog.launchJars(main.toString())).containsExactly(main, a, b, dir.resolve("lib/gone.jar"));
        assertThat(NodeCatalog.launchJars(main + File.pathSeparator + other))
                .containsExactly(main, a, b, dir.resolve("lib/gone.jar"), other);
    }

    @Test
    void aDirectoryOnThePathLeavesTheFingerprintToTheScan(@TempDir Path dir) throws IOException {
        Path classes = Files.createDirectories(dir.resolve("classes"));
        Path main = jar(dir.resolve("cli.jar"), null);
        assertThat(NodeCatalog.launchJars(classes.toString())).isNull();
        assertThat(NodeCatalog.launchJars(main + File.pathSeparator + classes)).isNull();
        Path viaManifest = jar(dir.resolve("boot.jar"), "cli.jar classes/");
        assertThat(NodeCatalog.launchJars(viaManifest.toString())).isNull();
        assertThat(NodeCatalog.launchJars("")).isNull();
    }

    @Test
    void aChangedReplacedOrAddedJarChangesTheFingerprint(@TempDir Path dir) throws Exception {
        jar(dir.resolve("lib/a.jar"), null);
        Path main = jar(dir.resolve("cli.jar"), "lib/a.jar lib/b.jar");
        String before = fingerprint(main);
        assertThat(fingerprint(main)).isEqualTo(before);

        jar(dir.resolve("lib/b.jar"), null); // a missing entry appears
        String added = fingerprint(main);
        assertThat(added).isNotEqualTo(before);

        Path a = dir.resolve("lib/a.jar");
        Files.setLastModifiedTime(
                a, FileTime.fromMillis(Files.getLastModifiedTime(a).toMillis() - 60_000));
        assertThat(fingerprint(main)).isNotEqualTo(added); // rebuilt, touched, replaced
    }

    /** {@link NodeCatalog#fingerprint}'s jar form for a class path of {@code main}. */
    static String fingerprint(Path main) throws IOException {
        String saved = System.getProperty("java.class.path");
        System.setProperty("java.class.path", main.toString());
        try {
            return NodeCatalog.fingerprint(ClassLoader.getSystemClassLoader());
        } finally {
            System.setProperty("java.class.path", saved);
        }
    }
}
