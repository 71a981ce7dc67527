package io.hetumind.nodes.ai.vector;

import io.hetumind.core.model.Item;
import java.util.List;

/** What a document-loader sub-node supplies: the documents (chunks) made from one input item. */
public interface DocumentLoader {

    List<Doc> load(Item item, int itemIndex);
}
