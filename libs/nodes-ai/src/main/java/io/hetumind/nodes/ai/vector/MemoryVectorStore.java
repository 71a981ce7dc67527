package io.hetumind.nodes.ai.vector;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The in-process vector stores behind the in-memory vector store node, one per
 * {@code workflowId__memoryKey} (as n8n keys them), lost on restart. Search is exact cosine
 * similarity over every stored vector.
 */
public final class MemoryVectorStore {

    /** A search hit. */
    public record Match(Doc doc, double score) {}

    private record Entry(Doc doc, float[] vector) {}

    private static final Map<String, MemoryVectorStore> STORES = new HashMap<>();

    private final List<Entry> entries = new ArrayList<>();

    public static MemoryVectorStore get(String key) {
        synchronized (STORES) {
            return STORES.computeIfAbsent(key, k -> new MemoryVectorStore());
        }
    }

    public synchronized void clear() {
        entries.clear();
    }

    public synchronized int size() {
        return entries.size();
    }

    public synchronized void add(List<Doc> docs, List<float[]> vectors) {
        if (!entries.isEmpty()
                && !vectors.isEmpty()
                && entries.getFirst().vector().length != vectors.getFirst().length) {
            throw new IllegalArgumentException(
                    "the store holds vectors of " + entries.getFirst().vector().length + " dimensions; these have "
                            + vectors.getFirst().length + " (a different embedding model?)");
        }
        for (int i = 0; i < docs.size(); i++) {
            entries.add(new Entry(docs.get(i), vectors.get(i)));
        }
    }

    public synchronized List<Match> search(float[] query, int topK) {
        if (!entries.isEmpty() && entries.getFirst().vector().length != query.length) {
            throw new IllegalArgumentException(
                    "the store holds vectors of " + entries.getFirst().vector().length + " dimensions; the query has "
                            + query.length + " (a different embedding model?)");
        }
        return entries.stream()
                .map(e -> new Match(e.doc(), cosine(query, e.vector())))
                .sorted(Comparator.comparingDouble(Match::score).reversed())
                .limit(topK)
                .toList();
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }
}
