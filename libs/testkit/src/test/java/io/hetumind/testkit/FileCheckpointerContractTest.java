package io.hetumind.testkit;

import io.hetumind.core.engine.Checkpointer;
import io.hetumind.core.engine.FileCheckpointer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.io.TempDir;

class FileCheckpointerContractTest extends CheckpointerContract {

    @TempDir
    Path dir;

    @Override
    protected Checkpointer store() {
        return new FileCheckpointer(dir, false);
    }

    @Override
    protected Checkpointer otherOwner(Checkpointer first) {
        return new FileCheckpointer(((FileCheckpointer) first).root(), false); // as another process
    }

    @Override
    protected boolean tearLastWrite(Checkpointer store, String executionId) throws Exception {
        Files.writeString(
                ((FileCheckpointer) store).log(executionId), "4\t{\"t\":\"NodeFin", StandardOpenOption.APPEND);
        return true;
    }
}
