package io.hetumind.testkit;

import io.hetumind.core.engine.Checkpointer;
import io.hetumind.core.engine.FileCheckpointer;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The file store with every commit forced to disk keeps the same contract. */
class FsyncFileCheckpointerContractTest extends CheckpointerContract {

    @TempDir
    Path dir;

    @Override
    protected Checkpointer store() {
        return new FileCheckpointer(dir, true);
    }

    @Override
    protected Checkpointer otherOwner(Checkpointer first) {
        return new FileCheckpointer(((FileCheckpointer) first).root(), true);
    }
}
