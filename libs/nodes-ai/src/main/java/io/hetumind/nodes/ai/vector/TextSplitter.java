package io.hetumind.nodes.ai.vector;

import java.util.List;

/** What a text-splitter sub-node supplies: a text cut into chunks. */
public interface TextSplitter {

    List<String> split(String text);
}
