package io.hetumind.nodes.data.html;

import io.hetumind.core.model.Node;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.core.spi.PropertySpec;
import io.hetumind.nodes.internal.PerItem;

/** HTML Extract (n8n's legacy node): values from HTML in JSON or binary data by CSS selectors. */
public final class HtmlExtractNode implements NodeType {

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("hetumind.htmlExtract")
            .versions(1)
            .displayName("HTML Extract")
            .description("Extracts data from HTML")
            .group(NodeGroup.DATA)
            .icon("cut")
            .alias("n8n-nodes-base.htmlExtract")
            .property(HtmlProperties.sourceData())
            .property(HtmlProperties.dataPropertyName())
            .property(HtmlProperties.extractionValues(false))
            .property(PropertySpec.collection("options")
                    .displayName("Options")
                    .child(PropertySpec.bool("trimValues")
                            .displayName("Trim Values")
                            .description("Whether to remove leading and trailing whitespace from the values")
                            .defaultValue(true))
                    .child(PropertySpec.bool("cleanUpText")
                            .displayName("Clean Up Text")
                            .description("Whether to remove line breaks and condense whitespace (read by the shared"
                                    + " extraction; n8n's HTML Extract offers no such option)")))
            .build();

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public NodeResult execute(NodeContext ctx) {
        return PerItem.map(
                ctx, (i, item) -> HtmlExtraction.extract(ctx, i, item, HtmlExtraction.TextMode.RAW, true, true));
    }

    @Override
    public boolean replaySafe(Node node) {
        return true;
    }
}
