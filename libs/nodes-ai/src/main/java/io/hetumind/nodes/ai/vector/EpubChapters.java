package io.hetumind.nodes.ai.vector;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.w3c.dom.Element;

/**
 * The chapters of an EPub file as the {@code epub2} package reads them for LangChain JS's
 * {@code EPubLoader} (so for n8n): {@code META-INF/container.xml} names the OPF package file, its
 * spine gives the reading order of manifest items, the NCX table of contents (the spine's
 * {@code toc}) gives chapter titles to the items its entries point at. A spine item that is not
 * XHTML (or SVG) is an error, as in epub2; an empty chapter file is skipped.
 */
final class EpubChapters {

    private static final String CONTAINER = "urn:oasis:names:tc:opendocument:xmlns:container";
    private static final String OPF = "http://www.idpf.org/2007/opf";
    private static final String NCX = "http://www.daisy.org/z3986/2005/ncx/";

    /** One chapter: its title from the table of contents ({@code null} when it has none) and its XHTML. */
    record Chapter(String title, String html) {}

    private record Item(String id, String href, String mediaType) {}

    private EpubChapters() {}

    /** The chapters in spine order. */
    static List<Chapter> read(byte[] epub) {
        ZipParts zip = ZipParts.read(epub, "EPub", EpubChapters::isText);
        byte[] container = zip.getIgnoreCase("META-INF/container.xml");
        if (container == null) {
            throw new IllegalArgumentException("the EPub file has no META-INF/container.xml");
        }
        String opfPath = null;
        for (Element rootfiles : SafeXml.children(SafeXml.parse(container, "META-INF/container.xml"))) {
            if (!SafeXml.is(rootfiles, CONTAINER, "rootfiles")) {
                continue;
            }
            for (Element rootfile : SafeXml.children(rootfiles)) {
                if (SafeXml.is(rootfile, CONTAINER, "rootfile")
                        && "application/oebps-package+xml".equals(rootfile.getAttribute("media-type"))
                        && !rootfile.getAttribute("full-path").isBlank()) {
                    opfPath = rootfile.getAttribute("full-path").trim();
                    break;
                }
            }
        }
        if (opfPath == null) {
            throw new IllegalArgumentException("the EPub's container.xml names no OPF package file");
        }
        byte[] opfBytes = zip.getIgnoreCase(opfPath);
        if (opfBytes == null) {
            throw new IllegalArgumentException("the EPub's package file '" + opfPath + "' is missing");
        }
        Element opf = SafeXml.parse(opfBytes, opfPath);
        String base = opfPath.contains("/") ? opfPath.substring(0, opfPath.lastIndexOf('/') + 1) : "";
        Map<String, Item> manifest = new HashMap<>();
        Element manifestElement = SafeXml.child(opf, OPF, "manifest");
        if (manifestElement != null) {
            for (Element item : SafeXml.children(manifestElement)) {
                if (SafeXml.is(item, OPF, "item") && !item.getAttribute("id").isEmpty()) {
                    manifest.put(
                            item.getAttribute("id"),
                            new Item(
                                    item.getAttribute("id"),
                                    resolve(base, item.getAttribute("href")),
                                    item.getAttribute("media-type")));
                }
            }
        }
        Element spine = SafeXml.child(opf, OPF, "spine");
        if (spine == null) {
            throw new IllegalArgumentException("the EPub's package file '" + opfPath + "' has no spine");
        }
        Map<String, String> titles = titles(zip, manifest.get(spine.getAttribute("toc")));
        List<Chapter> chapters = new ArrayList<>();
        for (Element ref : SafeXml.children(spine)) {
            Item item = SafeXml.is(ref, OPF, "itemref") ? manifest.get(ref.getAttribute("idref")) : null;
            if (item == null) {
                continue; // epub2 skips references to nothing
            }
            if (!item.mediaType().equals("application/xhtml+xml")
                    && !item.mediaType().equals("image/svg+xml")) {
                throw new IllegalArgumentException("the EPub chapter '" + item.id() + "' has the media type '"
                        + item.mediaType() + "', not application/xhtml+xml");
            }
            byte[] html = zip.get(item.href());
            if (html == null) {
                throw new IllegalArgumentException(
                        "the EPub chapter '" + item.id() + "' (" + item.href() + ") is missing from the archive");
            }
            if (html.length == 0) {
                continue;
            }
            chapters.add(new Chapter(titles.get(item.href()), new String(html, StandardCharsets.UTF_8)));
        }
        return chapters;
    }

    /** Zip entries worth keeping in memory: the XML parts, not images or fonts. */
    private static boolean isText(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".xml")
                || n.endsWith(".opf")
                || n.endsWith(".ncx")
                || n.endsWith(".xhtml")
                || n.endsWith(".html")
                || n.endsWith(".htm")
                || n.endsWith(".xht")
                || n.endsWith(".svg");
    }

    /**
     * Titles by the archive path the NCX entries point at (without a {@code #fragment} an entry and
     * an item only match when the paths are equal, as in epub2; a later entry wins).
     */
    private static Map<String, String> titles(ZipParts zip, Item toc) {
        Map<String, String> titles = new HashMap<>();
        if (toc == null) {
            return titles;
        }
        byte[] ncx = zip.get(toc.href());
        if (ncx == null) {
            return titles;
        }
        String base =
                toc.href().contains("/") ? toc.href().substring(0, toc.href().lastIndexOf('/') + 1) : "";
        Element navMap = SafeXml.child(SafeXml.parse(ncx, toc.href()), NCX, "navMap");
        if (navMap != null) {
            walk(navMap, base, titles, 0);
        }
        return titles;
    }

    private static void walk(Element parent, String base, Map<String, String> titles, int level) {
        if (level > 7) {
            return; // epub2 goes no deeper
        }
        for (Element point : SafeXml.children(parent)) {
            if (!SafeXml.is(point, NCX, "navPoint")) {
                continue;
            }
            Element label = SafeXml.child(point, NCX, "navLabel");
            Element text = label == null ? null : SafeXml.child(label, NCX, "text");
            Element content = SafeXml.child(point, NCX, "content");
            if (text != null && content != null && !content.getAttribute("src").isBlank()) {
                titles.put(
                        resolve(base, content.getAttribute("src").trim()),
                        text.getTextContent().trim());
            }
            walk(point, base, titles, level + 1);
        }
    }

    /** An href of the package file as an archive path ({@code Text/ch1.xhtml} under {@code OEBPS/}). */
    static String resolve(String base, String href) {
        String decoded;
        try {
            decoded = URLDecoder.decode(href.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            decoded = href; // a stray '%': take the name as written
        }
        Deque<String> segments = new ArrayDeque<>();
        for (String s : (base + decoded).split("/")) {
            if (s.equals("..")) {
                segments.pollLast();
            } else if (!s.isEmpty() && !s.equals(".")) {
                segments.addLast(s);
            }
        }
        return String.join("/", segments);
    }
}
