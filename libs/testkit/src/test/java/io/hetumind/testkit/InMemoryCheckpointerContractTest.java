package io.hetumind.testkit;

import io.hetumind.core.engine.Checkpointer;
import io.hetumind.core.engine.InMemoryCheckpointer;

class InMemoryCheckpointerContractTest extends CheckpointerContract {

    @Override
    protected Checkpointer store() {
        return new InMemoryCheckpointer();
    }

    @Override
    protected Checkpointer otherOwner(Checkpointer first) {
        return first; // one process: every owner shares the instance
    }
}
