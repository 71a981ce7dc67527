package io.hetumind.core.engine;

import io.hetumind.core.model.Workflow;
import java.util.Optional;

/** Finds workflows by id or reference, for sub-workflows and error workflows. */
public interface WorkflowResolver {

    Optional<Workflow> resolve(String idOrReference);

    WorkflowResolver NONE = ref -> Optional.empty();
}
