package io.hetumind.core.spi;

import io.hetumind.core.model.Item;
import java.util.List;

/**
 * One call a root makes of a sub-node (a model answering, a memory loading or saving, a tool running), recorded as a
 * run of the sub-node in run data, as n8n's {@code addInputData} / {@code addOutputData} record it: the input items
 * when it starts, then the output items or the error when it ends. Each call is ended once; ending it again is ignored.
 */
public interface SubNodeCall {

    /** A console line kept in this call's entry (not in the root's console). */
    void log(String line);

    /** The call answered {@code output} (the entry's {@code data}). */
    void succeeded(List<Item> output);

    /** The call failed: the entry's status is error, with this error. */
    void failed(Throwable error);

    /** Records nothing: a context that is not a sub-node's. */
    SubNodeCall NONE = new SubNodeCall() {
        @Override
        public void log(String line) {}

        @Override
        public void succeeded(List<Item> output) {}

        @Override
        public void failed(Throwable error) {}
    };
}
