/** AI nodes on LangChain4j: chat models, chains, the agent, memory, tools, embeddings and vector stores. */
package io.hetumind.nodes.ai;
