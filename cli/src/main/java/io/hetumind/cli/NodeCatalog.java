package io.hetumind.cli;

import io.hetumind.core.spi.NodeIndex;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.core.spi.NodeType;
import java.io.IOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;

/**
 * The CLI's node registry. When the launcher names an index file ({@code -Dhetumind.node-index=…}), node types are
 * created on first use from that index instead of all at start — a hello-world run then sets up two nodes, not
 * fifty (no BouncyCastle, no RSA keys, no descriptor of nodes it does not run). The file starts with a fingerprint
 * of the jars that declare node types (path, size, modification time); when they change it is rewritten from a
 * full load. Without the property (tests, embedding) every type is loaded as before.
 */
final class NodeCatalog {

    static final String INDEX_PROPERTY = "hetumind.node-index";
    private static final String SERVICE = "META-INF/services/" + NodeType.class.getName();

    private NodeCatalog() {}

    static NodeRegistry registry() {
        String file = System.getProperty(INDEX_PROPERTY);
        ClassLoader loader = NodeCatalog.class.getClassLoader();
        if (file == null || file.isBlank()) {
            return NodeRegistry.load(loader);
        }
        Path index = Path.of(file);
        try {
            String fingerprint = fingerprint(loader);
            if (Files.isRegularFile(index)) {
                String text = Files.readString(index);
                int eol = text.indexOf('\n');
                if (eol > 0 && text.substring(0, eol).equals(fingerprint)) {
                    return NodeRegistry.lazy(loader, NodeIndex.parse(text.substring(eol + 1)));
                }
            }
            NodeRegistry all = NodeRegistry.load(loader);
            Path tmp = index.resolveSibling(index.getFileName() + ".tmp");
            Files.writeString(tmp, fingerprint + "\n" + NodeIndex.of(all).write());
            Files.move(tmp, index, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return all;
        } catch (IOException | IllegalArgumentException e) {
            return NodeRegistry.load(loader); // an unreadable or unwritable index only costs time
        }
    }

    /** {@code # path size mtime; …} of every jar or directory that declares node types. */
    static String fingerprint(ClassLoader loader) throws IOException {
        StringBuilder f = new StringBuilder("#");
        List<URL> urls = Collections.list(loader.getResources(SERVICE));
        for (URL url : urls) {
            Path source;
            if (url.getProtocol().equals("jar")) {
                JarURLConnection jar = (JarURLConnection) url.openConnection();
                source = Path.of(java.net.URI.create(jar.getJarFileURL().toString()));
            } else if (url.getProtocol().equals("file")) {
                source = Path.of(java.net.URI.create(url.toString()));
            } else {
                throw new IOException("cannot fingerprint " + url);
            }
            f.append(' ')
                    .append(source)
                    .append(' ')
                    .append(Files.size(source))
                    .append(' ')
                    .append(Files.getLastModifiedTime(source).toMillis())
                    .append(';');
        }
        return f.toString();
    }
}
