package io.hetumind.nodes.ai.vector;

import java.util.List;

/** What a retriever sub-node supplies: the documents relevant to a question. */
public interface Retriever {

    List<Doc> retrieve(String query, int itemIndex);
}
