package io.hetumind.nodes.ai.vector;

import java.util.List;

/** What a vector store in retrieve mode supplies: a similarity search by text (embedding the query itself). */
public interface VectorStore {

    List<MemoryVectorStore.Match> search(String query, int topK, int itemIndex);
}
