package io.hetumind.core.engine;

import java.nio.file.Path;
import java.util.List;

/**
 * Another process for {@link FileCheckpointerLockTest}: {@code <root> <id> <expected seq> [hold]} commits one event
 * to the execution with a {@link FileCheckpointer} of its own, prints {@code committed <seq>} or {@code conflict}, and
 * with {@code hold} keeps the execution until it is killed.
 */
public final class CheckpointLockProbe {

    private CheckpointLockProbe() {}

    public static void main(String[] args) throws Exception {
        FileCheckpointer files = new FileCheckpointer(Path.of(args[0]), false);
        long expected = Long.parseLong(args[2]);
        try {
            Checkpointer.Version v = files.commit(
                    args[1],
                    new Checkpointer.Commit(
                            new Checkpointer.Version(expected, null),
                            List.of(new Checkpointer.Entry(expected + 1, "{\"by\":\"probe\"}")),
                            null,
                            ExecutionStatus.RUNNING,
                            -1));
            System.out.println("committed " + v.seq());
        } catch (CheckpointConflictException e) {
            System.out.println("conflict");
        }
        System.out.flush();
        if (args.length > 3 && args[3].equals("hold")) {
            Thread.sleep(Long.MAX_VALUE);
        }
        files.close();
    }
}
