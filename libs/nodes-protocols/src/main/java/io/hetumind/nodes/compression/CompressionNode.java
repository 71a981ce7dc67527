package io.hetumind.nodes.compression;

import io.hetumind.core.model.BinaryRef;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.PairedItem;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.nodes.files.BinaryFiles;
import io.hetumind.nodes.internal.PerItem;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Compression (n8n v1, v1.1): packs an item's binary fields into one zip or into gzip files, and unpacks
 * zip and gzip fields into new fields. The output item keeps the input's JSON and carries only the new
 * binary fields, as n8n's does. Decompression is bounded ({@link Archives}): a bomb fails the item.
 */
public final class CompressionNode implements NodeType {

    public static final String TYPE = "hetumind.compression";

    private static final NodeDescriptor DESCRIPTOR = CompressionDescriptor.build();

    private final long maxOutputBytes;
    private final int maxEntries;

    public CompressionNode() {
        this(Archives.MAX_OUTPUT_BYTES, Archives.MAX_ENTRIES);
    }

    /** With other decompression bounds per item (tests). */
    CompressionNode(long maxOutputBytes, int maxEntries) {
        this.maxOutputBytes = maxOutputBytes;
        this.maxEntries = maxEntries;
    }

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public NodeResult execute(NodeContext ctx) {
        String operation = ctx.param("operation", 0, String.class, "decompress");
        if (!operation.equals("compress") && !operation.equals("decompress")) {
            throw NodeException.user(
                    "parameter 'operation': '" + operation + "' is not supported (compress, decompress)");
        }
        boolean v1 = ctx.node().typeVersion() < 1.1;
        return PerItem.map(ctx, (i, item) -> {
            Map<String, BinaryRef> out =
                    operation.equals("compress") ? compress(ctx, i, item, v1) : decompress(ctx, i, item);
            return List.of(new Item(item.json(), out, new PairedItem(i, 0)));
        });
    }

    private Map<String, BinaryRef> decompress(NodeContext ctx, int i, Item item) throws IOException {
        // n8n reads both from the first item, whatever item is being unpacked
        List<String> names = names(ctx.param("binaryPropertyName", 0, String.class, "data"));
        String prefix =
                ctx.rawParam("outputPrefix") == null ? "file_" : ctx.param("outputPrefix", 0, String.class, "file_");
        Map<String, BinaryRef> out = new LinkedHashMap<>();
        Archives.Budget budget = new Archives.Budget(maxOutputBytes, maxEntries);
        int zipIndex = 0;
        for (int index = 0; index < names.size(); index++) {
            String name = names.get(index);
            BinaryRef ref = item.binary().get(name);
            byte[] bytes = BinaryFiles.read(ctx, i, item, name);
            String ext =
                    lower(ref.fileExtension() != null ? ref.fileExtension() : BinaryFiles.extension(ref.fileName()));
            if ("zip".equals(ext)) {
                for (Archives.Entry e : Archives.unzip(bytes, name, i, budget)) {
                    out.put(prefix + zipIndex++, BinaryFiles.put(ctx, i, e.data(), e.name(), null));
                }
            } else if ("gz".equals(ext) || "gzip".equals(ext)) {
                out.put(prefix + index, gunzipped(ctx, i, ref, Archives.gunzip(bytes, name, i, budget)));
            }
            // n8n passes any other file over without a word: the item simply gets no field for it
        }
        return out;
    }

    /** n8n's naming: the name up to its first dot, plus the extension before {@code .gz} or one from the content. */
    private static BinaryRef gunzipped(NodeContext ctx, int i, BinaryRef ref, byte[] data) throws IOException {
        String original = ref.fileName();
        String base = firstPart(original);
        String ext = null;
        String mime = null;
        if (original != null && original.endsWith(".gz")) {
            String[] parts = original.replaceFirst("\\.gz", "").split("\\.", -1);
            if (parts.length > 1) {
                ext = parts[parts.length - 1];
                mime = BinaryFiles.mimeByName("x." + ext);
            }
        }
        if (mime == null) {
            mime = BinaryFiles.mimeFor(base, data);
        }
        if (ext == null) {
            ext = BinaryFiles.extensionFor(mime);
        }
        return BinaryFiles.put(ctx, i, data, base + "." + (ext == null ? "bin" : ext), mime);
    }

    private static Map<String, BinaryRef> compress(NodeContext ctx, int i, Item item, boolean v1) throws IOException {
        // v1 reads the field list and the zip's name from the first item; v1.1 from each item
        int pi = v1 ? 0 : i;
        List<String> names = names(ctx.param("binaryPropertyName", pi, String.class, "data"));
        String format = ctx.rawParam("outputFormat") == null
                ? (v1 ? "" : "zip")
                : ctx.param("outputFormat", 0, String.class, "");
        if (!format.equals("zip") && !format.equals("gzip")) {
            throw NodeException.user(
                    "parameter 'outputFormat': '" + format + "' is not supported (zip, gzip) [item " + i + "]", i);
        }
        Map<String, byte[]> zipEntries = new LinkedHashMap<>();
        Map<String, BinaryRef> out = new LinkedHashMap<>();
        for (int index = 0; index < names.size(); index++) {
            String name = names.get(index);
            byte[] bytes = BinaryFiles.read(ctx, i, item, name);
            BinaryRef ref = item.binary().get(name);
            if (format.equals("zip")) {
                // a later field with the same file name replaces the earlier one, as in n8n's archive map
                zipEntries.put(String.valueOf(ref.fileName()), bytes);
                continue;
            }
            String property;
            String fileName;
            if (v1) {
                property = (ctx.rawParam("outputPrefix") == null
                                ? "data"
                                : ctx.param("outputPrefix", 0, String.class, "data"))
                        + index;
                fileName = firstPart(ref.fileName()) + ".gzip";
            } else {
                property = ctx.param("binaryPropertyOutput", i, String.class, "data") + (index == 0 ? "" : index);
                String given = ctx.param("fileName", i, String.class, "");
                // n8n strips the first ".gz" and then the first ".gzip" that is left ("a.gzip" → "aip"): kept as is
                String stem = given.isEmpty()
                        ? firstPart(ref.fileName())
                        : given.replaceFirst("\\.gz", "").replaceFirst("\\.gzip", "");
                String ext = ref.fileExtension() != null ? ref.fileExtension() : BinaryFiles.extension(ref.fileName());
                fileName = stem + (ext == null || ext.isEmpty() ? "" : "." + ext.toLowerCase(Locale.ROOT)) + ".gz";
            }
            out.put(property, BinaryFiles.put(ctx, i, Archives.gzip(bytes), fileName, "application/gzip"));
        }
        if (format.equals("zip")) {
            String fileName = ctx.param("fileName", pi, String.class, "");
            String property = ctx.param("binaryPropertyOutput", pi, String.class, "data");
            out.put(property, BinaryFiles.put(ctx, i, Archives.zip(zipEntries), fileName, null));
        }
        return out;
    }

    private static List<String> names(String value) {
        List<String> out = new ArrayList<>();
        for (String s : value.split(",", -1)) {
            out.add(s.strip());
        }
        return out;
    }

    /** JavaScript's {@code name?.split('.')[0]} in a template: a missing name reads "undefined". */
    private static String firstPart(String fileName) {
        if (fileName == null) {
            return "undefined";
        }
        int dot = fileName.indexOf('.');
        return dot < 0 ? fileName : fileName.substring(0, dot);
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }
}
