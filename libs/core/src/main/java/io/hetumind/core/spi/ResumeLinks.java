package io.hetumind.core.spi;

import java.util.Map;

/**
 * Signed links that resume this execution at one node (n8n's signed resume URL of its send-and-wait operations): a
 * per-run service ({@link NodeContext#service}), present when the host serves resume URLs. A link is {@code <resume
 * URL>/<node id>?<query>&signature=<hex>}; the signature covers everything after the host's resume base, so a link
 * whose query was changed (say {@code approved=false} made {@code true}) resumes nothing.
 */
public interface ResumeLinks {

    /** The signed link to {@code nodeId} carrying {@code query} (in its order; values URL-encoded here). */
    String signed(String nodeId, Map<String, String> query);
}
