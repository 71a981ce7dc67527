package io.hetumind.executor.temporal;

/**
 * What an {@link ExecutionWorkflow#awaitAnswer} caller learns: a node answered the webhook request (the answer is in
 * the run-data store), the run ended without an answer, or this run of the workflow continued as new before either
 * happened — the caller asks the newest run again, which knows whether an answer came ({@code responded} is handed
 * on with the machine's state).
 */
public enum AnswerState {
    ANSWERED,
    NONE,
    HANDED_ON
}
