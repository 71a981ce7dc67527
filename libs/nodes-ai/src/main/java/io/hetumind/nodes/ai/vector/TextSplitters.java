package io.hetumind.nodes.ai.vector;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import com.knuddels.jtokkit.api.IntArrayList;
import dev.langchain4j.data.document.Document;
import dev.langchain4j.data.document.splitter.DocumentSplitters;
import dev.langchain4j.data.segment.TextSegment;
import java.util.ArrayList;
import java.util.List;

/** The text splitters the nodes share. */
public final class TextSplitters {

    /** cl100k_base (GPT-3.5/4's encoding), what n8n's token splitter counts in; loaded once. */
    private static final class Cl100k {
        static final Encoding ENCODING = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);
    }

    private TextSplitters() {}

    /** Paragraphs, then lines, sentences, words, until chunks are at most {@code size} characters. */
    /**
     * {@code splitter} as a text-splitter sub-node supplies it: each split is a run of the sub-node, recorded as n8n's
     * {@code logWrapper} records {@code splitText} ({@code {textSplitter: text}} in, {@code {response: chunks}} out).
     */
    static TextSplitter recorded(io.hetumind.core.spi.NodeContext ctx, TextSplitter splitter) {
        return text -> io.hetumind.nodes.ai.internal.Recorded.call(
                ctx,
                io.hetumind.core.model.ConnectionTypes.AI_TEXT_SPLITTER,
                io.hetumind.core.model.Item.of(
                        io.hetumind.core.spi.Json.object().put("textSplitter", text)),
                () -> splitter.split(text),
                chunks -> {
                    var out = io.hetumind.core.spi.Json.object();
                    chunks.forEach(out.putArray("response")::add);
                    return out;
                });
    }

    public static TextSplitter recursive(int size, int overlap) {
        var splitter = DocumentSplitters.recursive(size, overlap);
        return text -> text.isBlank()
                ? List.of()
                : splitter.split(Document.from(text)).stream()
                        .map(TextSegment::text)
                        .toList();
    }

    /**
     * Windows of {@code size} cl100k_base tokens, each starting {@code size - overlap} tokens after the previous one,
     * decoded back to text (LangChain's TokenTextSplitter; the last window may lie inside the one before, as there).
     * Special-token text such as {@code <|endoftext|>} is encoded as ordinary text.
     */
    public static TextSplitter tokens(int size, int overlap) {
        if (size < 1 || overlap < 0 || overlap >= size) {
            throw new IllegalArgumentException("chunk overlap must be smaller than chunk size");
        }
        return text -> {
            IntArrayList ids = Cl100k.ENCODING.encodeOrdinary(text);
            List<String> out = new ArrayList<>();
            for (int start = 0; start < ids.size(); start += size - overlap) {
                int end = Math.min(start + size, ids.size());
                IntArrayList window = new IntArrayList(end - start);
                for (int i = start; i < end; i++) {
                    window.add(ids.get(i));
                }
                out.add(Cl100k.ENCODING.decode(window));
            }
            return out;
        };
    }

    /** How many cl100k_base tokens {@code text} has. */
    public static int countTokens(String text) {
        return Cl100k.ENCODING.countTokensOrdinary(text);
    }
}
