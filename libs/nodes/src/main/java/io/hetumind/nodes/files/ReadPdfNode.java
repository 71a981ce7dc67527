package io.hetumind.nodes.files;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Node;
import io.hetumind.core.model.PairedItem;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.core.spi.PropertySpec;
import io.hetumind.nodes.internal.PerItem;
import java.util.List;

/**
 * Read PDF (n8n's legacy node, hidden in its editor since Extract From File): the PDF's text and info ({@link
 * PdfText}, every page joined) as the item's JSON, the item's files kept.
 */
public final class ReadPdfNode implements NodeType {

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("hetumind.readPDF")
            .versions(1)
            .displayName("Read PDF")
            .description("Reads a PDF and extracts its content")
            .group(NodeGroup.DATA)
            .icon("file-pdf")
            .alias("n8n-nodes-base.readPDF")
            .property(PropertySpec.string("binaryPropertyName")
                    .displayName("Input Binary Field")
                    .defaultValue("data")
                    .required()
                    .description("Name of the binary property from which to read the PDF file"))
            .property(PropertySpec.bool("encrypted").displayName("Encrypted").required())
            .property(PropertySpec.string("password")
                    .displayName("Password")
                    .password()
                    .description("Password to decrypt the PDF file with")
                    .showWhen("encrypted", true))
            .build();

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public NodeResult execute(NodeContext ctx) {
        return PerItem.map(ctx, (i, item) -> {
            String property = ctx.param("binaryPropertyName", i, String.class, "data");
            byte[] bytes = BinaryFiles.read(ctx, i, item, property);
            String password =
                    ctx.param("encrypted", i, Boolean.class, false) ? ctx.param("password", i, String.class, "") : null;
            ObjectNode json = PdfText.read(bytes, password, null, true, i);
            return List.of(new Item(json, item.binary(), new PairedItem(i, 0)));
        });
    }

    @Override
    public boolean replaySafe(Node node) {
        return true;
    }
}
