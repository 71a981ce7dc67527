package io.hetumind.nodes.ai.internal;

import dev.langchain4j.data.message.ImageContent;
import io.hetumind.core.model.BinaryRef;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeException;
import io.hetumind.nodes.files.BinaryFiles;
import java.io.IOException;
import java.util.Base64;
import java.util.Locale;

/**
 * An item's image file as a LangChain4j image part (base64 data and MIME type), the form every provider here turns
 * into its own wire shape: OpenAI {@code image_url} with a {@code data:} URL, Anthropic a {@code base64} image source,
 * Gemini {@code inline_data}, Ollama a bare base64 entry of {@code images}.
 */
public final class ItemImages {

    private ItemImages() {}

    /**
     * The image in binary field {@code key} of the item; the field must exist (a user error names the fields the item
     * has) and hold an {@code image/*} file (as n8n refuses other types); a file the binary store cannot read is an
     * operational error.
     */
    public static ImageContent read(
            NodeContext ctx, int itemIndex, String key, ImageContent.DetailLevel detail, String where) {
        Item item = ctx.items().get(itemIndex);
        BinaryRef ref = item.binary().get(key);
        if (ref == null) {
            throw NodeException.user(
                    "'" + ctx.node().name() + "': " + where + ": item " + itemIndex + " has no binary field '" + key
                            + "' (it has "
                            + (item.binary().isEmpty()
                                    ? "none"
                                    : item.binary().keySet().stream().sorted().toList()) + ")",
                    itemIndex);
        }
        String mime = baseType(ref.mimeType());
        if (mime == null || !mime.startsWith("image/")) {
            throw NodeException.user(
                    "'" + ctx.node().name() + "': " + where + ": binary field '" + key + "' of item " + itemIndex
                            + " is " + (mime == null ? "of no known type" : mime)
                            + ", which is not a supported type of binary data. Only images are supported.",
                    itemIndex);
        }
        return read(ctx, itemIndex, item, key, mime, detail);
    }

    /** The image in binary field {@code key}, known to be of type {@code mime}. */
    public static ImageContent read(
            NodeContext ctx, int itemIndex, Item item, String key, String mime, ImageContent.DetailLevel detail) {
        byte[] data;
        try {
            data = BinaryFiles.read(ctx, itemIndex, item, key);
        } catch (IOException e) {
            throw NodeException.operational(
                    "'" + ctx.node().name() + "': the image in binary field '" + key + "' of item " + itemIndex
                            + " could not be read: " + e.getMessage(),
                    e);
        }
        ctx.log(ctx.node().name() + ": image " + key + " (" + mime + ", " + data.length + " bytes) sent to the model");
        return ImageContent.from(Base64.getEncoder().encodeToString(data), mime, detail);
    }

    /** {@code image/png; x=y} → {@code image/png}, lower case; null stays null. */
    public static String baseType(String mime) {
        if (mime == null) {
            return null;
        }
        int semicolon = mime.indexOf(';');
        return (semicolon < 0 ? mime : mime.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }
}
