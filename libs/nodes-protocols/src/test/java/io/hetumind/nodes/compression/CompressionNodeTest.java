package io.hetumind.nodes.compression;

import static io.hetumind.nodes.protocols.ProtocolHarness.bytes;
import static io.hetumind.nodes.protocols.ProtocolHarness.error;
import static io.hetumind.nodes.protocols.ProtocolHarness.file;
import static io.hetumind.nodes.protocols.ProtocolHarness.json;
import static io.hetumind.nodes.protocols.ProtocolHarness.output;
import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.model.BinaryRef;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.OnError;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.nodes.protocols.ProtocolHarness;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

class CompressionNodeTest {

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13};

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Item item(String json, Map<String, BinaryRef> binary) {
        return new Item(json(json), binary, null);
    }

    private static Item twoFiles() {
        Map<String, BinaryRef> b = new LinkedHashMap<>();
        b.put("data", file("notes.txt", "text/plain", utf8("hello hello hello hello")));
        b.put("img", file("logo.png", "image/png", PNG));
        return item("{'id':1}", b);
    }

    private static ExecutionResult run(double version, String params, Item... items) {
        return new ProtocolHarness(new CompressionNode()).run(version, params, List.of(items));
    }

    @Test
    void descriptorPassesTheRegistryChecksAndCarriesTheN8nAlias() {
        NodeRegistry registry = NodeRegistry.of(List.of(new CompressionNode()));
        assertThat(registry.find("n8n-nodes-base.compression")).isPresent();
    }

    @Test
    void zipsSeveralFieldsIntoOneArchiveStoringAlreadyCompressedFiles() throws Exception {
        ExecutionResult r = run(
                1.1,
                "{'operation':'compress','binaryPropertyName':'data, img','outputFormat':'zip','fileName':'pack.zip',"
                        + "'binaryPropertyOutput':'archive'}",
                twoFiles());
        Item out = output(r).getFirst();
        assertThat(out.json()).isEqualTo(json("{'id':1}"));
        assertThat(out.binary()).containsOnlyKeys("archive");
        BinaryRef zip = out.binary().get("archive");
        assertThat(zip.fileName()).isEqualTo("pack.zip");
        assertThat(zip.mimeType()).isEqualTo("application/zip");
        Map<String, Integer> methods = new LinkedHashMap<>();
        Map<String, byte[]> contents = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(bytes(zip)))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                methods.put(e.getName(), e.getMethod());
                contents.put(e.getName(), in.readAllBytes());
            }
        }
        assertThat(methods)
                .containsExactly(Map.entry("notes.txt", ZipEntry.DEFLATED), Map.entry("logo.png", ZipEntry.STORED));
        assertThat(new String(contents.get("notes.txt"), StandardCharsets.UTF_8))
                .isEqualTo("hello hello hello hello");
        assertThat(contents.get("logo.png")).isEqualTo(PNG);
    }

    @Test
    void unzipsEveryFileIntoPrefixedFieldsSkippingDirectoriesAndMacMetadata() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(buf)) {
            for (String[] f : new String[][] {
                {"dir/", null}, {"dir/a.csv", "x,y\n1,2\n"}, {"__MACOSX/dir/._a.csv", "junk"}, {"b.json", "{}"}
            }) {
                zip.putNextEntry(new ZipEntry(f[0]));
                if (f[1] != null) {
                    zip.write(utf8(f[1]));
                }
                zip.closeEntry();
            }
        }
        ExecutionResult r = run(
                1.1,
                "{'operation':'decompress','binaryPropertyName':'data'}",
                item("{'k':'v'}", Map.of("data", file("in.zip", "application/zip", buf.toByteArray()))));
        Item out = output(r).getFirst();
        assertThat(out.json()).isEqualTo(json("{'k':'v'}"));
        assertThat(out.binary()).containsOnlyKeys("file_0", "file_1");
        assertThat(out.binary().get("file_0").fileName()).isEqualTo("dir/a.csv");
        assertThat(out.binary().get("file_0").mimeType()).isEqualTo("text/csv");
        assertThat(new String(bytes(out.binary().get("file_0")), StandardCharsets.UTF_8))
                .isEqualTo("x,y\n1,2\n");
        assertThat(out.binary().get("file_1").fileName()).isEqualTo("b.json");
        assertThat(out.binary().get("file_1").mimeType()).isEqualTo("application/json");
    }

    @Test
    void gzipRoundTripKeepsTheFileNameAndTypeInV11() throws Exception {
        Item compressed = output(run(
                        1.1,
                        "{'operation':'compress','binaryPropertyName':'data,img','outputFormat':'gzip'}",
                        twoFiles()))
                .getFirst();
        assertThat(compressed.binary()).containsOnlyKeys("data", "data1");
        BinaryRef gz = compressed.binary().get("data");
        assertThat(gz.fileName()).isEqualTo("notes.txt.gz");
        assertThat(gz.mimeType()).isEqualTo("application/gzip");
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes(gz)))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello hello hello hello");
        }
        assertThat(compressed.binary().get("data1").fileName()).isEqualTo("logo.png.gz");

        Item back = output(run(
                        1.1,
                        "{'operation':'decompress','binaryPropertyName':'data,data1','outputPrefix':'out_'}",
                        compressed))
                .getFirst();
        assertThat(back.binary()).containsOnlyKeys("out_0", "out_1");
        assertThat(back.binary().get("out_0").fileName()).isEqualTo("notes.txt");
        assertThat(back.binary().get("out_0").mimeType()).isEqualTo("text/plain");
        assertThat(bytes(back.binary().get("out_1"))).isEqualTo(PNG);
        assertThat(back.binary().get("out_1").mimeType()).isEqualTo("image/png");
    }

    @Test
    void gzipV11NamesTheOutputFromTheFileNameParameter() {
        Item out = output(run(
                        1.1,
                        "{'operation':'compress','outputFormat':'gzip','fileName':'report.gz','binaryPropertyOutput':'gz'}",
                        twoFiles()))
                .getFirst();
        assertThat(out.binary()).containsOnlyKeys("gz");
        assertThat(out.binary().get("gz").fileName()).isEqualTo("report.txt.gz");
    }

    @Test
    void gzipV1UsesTheOutputPrefixAndTheGzipExtension() {
        Item out = output(run(
                        1,
                        "{'operation':'compress','binaryPropertyName':'data,img','outputFormat':'gzip','outputPrefix':'z'}",
                        twoFiles()))
                .getFirst();
        assertThat(out.binary()).containsOnlyKeys("z0", "z1");
        assertThat(out.binary().get("z0").fileName()).isEqualTo("notes.gzip");
    }

    @Test
    void gunzipWithoutAnInnerExtensionSniffsTheContent() throws Exception {
        Item out = output(run(
                        1,
                        "{'operation':'decompress'}",
                        item("{}", Map.of("data", file("image.gz", "application/gzip", gzip(PNG))))))
                .getFirst();
        assertThat(out.binary().get("file_0").fileName()).isEqualTo("image.png");
        assertThat(out.binary().get("file_0").mimeType()).isEqualTo("image/png");
    }

    @Test
    void otherFilesAreSkippedAsN8nDoes() {
        Item out = output(run(
                        1.1,
                        "{'operation':'decompress'}",
                        item("{}", Map.of("data", file("notes.txt", "text/plain", utf8("plain"))))))
                .getFirst();
        assertThat(out.binary()).isEmpty();
    }

    @Test
    void aCorruptArchiveFailsNamingTheFieldAndItem() throws Exception {
        byte[] gz = gzip(utf8("some text that is long enough to be cut"));
        byte[] truncated = java.util.Arrays.copyOf(gz, gz.length - 12);
        assertThat(error(run(
                        1.1,
                        "{'operation':'decompress'}",
                        item("{}", Map.of("data", file("a.zip", "application/zip", utf8("not a zip at all")))))))
                .contains("binary field 'data' is not a valid zip archive")
                .contains("[item 0]");
        assertThat(error(run(
                        1.1,
                        "{'operation':'decompress'}",
                        item("{}", Map.of("data", file("a.gz", "application/gzip", gz))),
                        item("{}", Map.of("data", file("b.gz", "application/gzip", truncated))))))
                .contains("binary field 'data' is not a valid gzip file")
                .contains("[item 1]");
    }

    @Test
    void aMissingFieldFailsOrBecomesAnErrorItemWhenContinuing() {
        assertThat(error(run(
                        1.1, "{'operation':'compress','binaryPropertyName':'nope','fileName':'x.zip'}", twoFiles())))
                .contains("binary file 'nope'");
        ExecutionResult r = new ProtocolHarness(new CompressionNode())
                .onError(OnError.CONTINUE)
                .run(
                        1.1,
                        json("{'operation':'compress','binaryPropertyName':'nope','fileName':'x.zip'}"),
                        List.of(twoFiles()));
        assertThat(output(r).getFirst().json().path("error").asText()).contains("binary file 'nope'");
    }

    @Test
    void decompressionIsBoundedInBytesAndEntries() throws Exception {
        byte[] bomb = gzip(new byte[200_000]);
        ExecutionResult big = new ProtocolHarness(new CompressionNode(100_000, 10))
                .run(
                        1.1,
                        json("{'operation':'decompress'}"),
                        List.of(item("{}", Map.of("data", file("z.gz", null, bomb)))));
        assertThat(error(big)).contains("exceeds the maximum allowed size of 100000 bytes");

        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(buf)) {
            for (int i = 0; i < 5; i++) {
                zip.putNextEntry(new ZipEntry("f" + i + ".txt"));
                zip.write(utf8("x"));
                zip.closeEntry();
            }
        }
        ExecutionResult many = new ProtocolHarness(new CompressionNode(100_000, 3))
                .run(
                        1.1,
                        json("{'operation':'decompress'}"),
                        List.of(item("{}", Map.of("data", file("m.zip", null, buf.toByteArray())))));
        assertThat(error(many)).contains("holds more than 3 files");
    }

    @Test
    void v1ReadsTheFieldListAndZipNameFromTheFirstItemAndV11FromEachItem() {
        String params = "{'operation':'compress','outputFormat':'zip','binaryPropertyName':'={{ $json.field }}',"
                + "'fileName':'={{ $json.field }}.zip'}";
        Item first = item(
                "{'field':'data'}",
                Map.of("data", file("a.txt", "text/plain", utf8("a")), "img", file("i.png", "image/png", PNG)));
        Item second = item(
                "{'field':'img'}",
                Map.of("data", file("b.txt", "text/plain", utf8("b")), "img", file("j.png", "image/png", PNG)));
        List<Item> v1 = output(run(1, params, first, second));
        assertThat(v1.stream().map(i -> i.binary().get("data").fileName())).containsExactly("data.zip", "data.zip");
        List<Item> v11 = output(run(1.1, params, first, second));
        assertThat(v11.stream().map(i -> i.binary().get("data").fileName())).containsExactly("data.zip", "img.zip");
        assertThat(v11.get(1).pairedItem().item()).isEqualTo(1);
    }

    private static byte[] gzip(byte[] data) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }
}
