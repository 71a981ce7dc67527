package io.hetumind.nodes.ai.agent;

import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.UserMessage;
import io.hetumind.core.model.BinaryRef;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeException;
import io.hetumind.nodes.files.BinaryFiles;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

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
            String mime = baseType(ref.mimeType());
            if (mime == null || !mime.startsWith("image/")) {
                continue;
            }
            byte[] data;
            try {
                data = BinaryFiles.read(ctx, itemIndex, item, key);
            } catch (IOException e) {
                throw NodeException.operational(
                        "'" + ctx.node().name() + "': the image in binary field '" + key + "' of item " + itemIndex
                                + " could not be read: " + e.getMessage(),
                        e);
            }
            // AUTO is what n8n's data URL without a detail level asks of OpenAI; the other providers ignore it
            images.add(
                    ImageContent.from(Base64.getEncoder().encodeToString(data), mime, ImageContent.DetailLevel.AUTO));
            ctx.log(ctx.node().name() + ": image " + key + " (" + mime + ", " + data.length
                    + " bytes) sent to the model");
        }
        return images.isEmpty() ? null : UserMessage.from(images);
    }

    /** {@code image/png; x=y} → {@code image/png}, lower case; null stays null. */
    private static String baseType(String mime) {
        if (mime == null) {
            return null;
        }
        int semicolon = mime.indexOf(';');
        return (semicolon < 0 ? mime : mime.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }
}
