package io.hetumind.core.engine.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.engine.ExecutionError;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.RunDataView;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Workflow;
import io.hetumind.core.spi.Json;

/** The item an error workflow starts with: n8n's Error Trigger shape. */
public final class ErrorSummary {

    private ErrorSummary() {}

    public static Item of(Workflow workflow, ExecutionResult failed) {
        ObjectNode json = Json.object();
        ObjectNode execution = json.putObject("execution");
        execution.put("id", failed.executionId());
        execution.put("mode", failed.state().mode());
        execution.put("lastNodeExecuted", failed.state().lastNodeExecuted());
        ExecutionError error = failed.state().error();
        if (error != null) {
            execution.set("error", RunDataView.error(error));
        }
        json.putObject("workflow").put("id", workflow.id()).put("name", workflow.name());
        return Item.of(json);
    }
}
