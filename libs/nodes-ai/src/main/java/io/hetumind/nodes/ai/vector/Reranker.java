package io.hetumind.nodes.ai.vector;

import java.util.List;

/**
 * What a reranker sub-node supplies (n8n's {@code ai_reranker}, a LangChain document compressor): the documents most
 * relevant to a query, most relevant first, each with its relevance score; at most the reranker's own limit.
 */
public interface Reranker {

    List<MemoryVectorStore.Match> rerank(String query, List<Doc> documents, int itemIndex);
}
