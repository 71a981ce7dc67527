package io.hetumind.nodes.ai.agent;

import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.UserMessage;
import io.hetumind.core.model.BinaryRef;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.nodes.ai.internal.ItemImages;
import java.util.ArrayList;
import java.util.List;

/**
 * The agent's {@code options.passthroughBinaryImages} (n8n's default: on): the image files of the item the agent works
 * on, as one user message of image parts sent right after the prompt, as n8n's tools agent adds it (between the prompt
 * and the scratchpad, so every model call of the item sees them). Files of other types are not sent.
 */
final class ImageMessages {

    private ImageMessages() {}

    /** The message of the item's images, or null when it has none. */
    static UserMessage of(NodeContext ctx, int itemIndex) {
        List<Item> items = ctx.items();
        if (itemIndex >= items.size()) {
            return null;
        }
        Item item = items.get(itemIndex);
        List<Content> images = new ArrayList<>();
        // items keep no field order: by field name, so the model sees the same order on every run
        for (String key : item.binary().keySet().stream().sorted().toList()) {
            BinaryRef ref = item.binary().get(key);
            String mime = ItemImages.baseType(ref.mimeType());
            if (mime == null || !mime.startsWith("image/")) {
                continue;
            }
            // AUTO is what n8n's data URL without a detail level asks of OpenAI; the other providers ignore it
            images.add(ItemImages.read(ctx, itemIndex, item, key, mime, ImageContent.DetailLevel.AUTO));
        }
        return images.isEmpty() ? null : UserMessage.from(images);
    }
}
