package io.hetumind.core.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.spi.Json;
import java.util.Map;

/**
 * One node of a workflow. {@code parameters} is the raw parameter tree as written (values
 * starting with {@code =} are expression templates); treat it as read-only.
 */
public record Node(
        String id,
        String name,
        String type,
        double typeVersion,
        double[] position,
        ObjectNode parameters,
        Map<String, CredentialRef> credentials,
        RetryPolicy retry,
        OnError onError,
        boolean disabled,
        boolean alwaysOutputData,
        boolean executeOnce,
        String notes) {

    public Node {
        position = position == null ? new double[] {0, 0} : position.clone();
        parameters = parameters == null ? Json.F.objectNode() : parameters;
        credentials = credentials == null ? Map.of() : Maps.ordered(credentials);
        retry = retry == null ? RetryPolicy.NONE : retry;
        onError = onError == null ? OnError.STOP : onError;
    }

    /** A minimal enabled node with default policies. */
    public static Node of(String name, String type, double typeVersion, ObjectNode parameters) {
        return new Node(name, name, type, typeVersion, null, parameters, null, null, null, false, false, false, null);
    }

    public Node withParameters(ObjectNode newParameters) {
        return new Node(
                id,
                name,
                type,
                typeVersion,
                position,
                newParameters,
                credentials,
                retry,
                onError,
                disabled,
                alwaysOutputData,
                executeOnce,
                notes);
    }

    public Node withType(String newType, double newVersion) {
        return new Node(
                id,
                name,
                newType,
                newVersion,
                position,
                parameters,
                credentials,
                retry,
                onError,
                disabled,
                alwaysOutputData,
                executeOnce,
                notes);
    }

    public Node withOnError(OnError newOnError) {
        return new Node(
                id,
                name,
                type,
                typeVersion,
                position,
                parameters,
                credentials,
                retry,
                newOnError,
                disabled,
                alwaysOutputData,
                executeOnce,
                notes);
    }

    public Node withRetry(RetryPolicy newRetry) {
        return new Node(
                id,
                name,
                type,
                typeVersion,
                position,
                parameters,
                credentials,
                newRetry,
                onError,
                disabled,
                alwaysOutputData,
                executeOnce,
                notes);
    }
}
