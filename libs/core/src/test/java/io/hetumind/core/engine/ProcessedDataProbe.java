package io.hetumind.core.engine;

import java.nio.file.Path;

/**
 * Another process for {@link FileProcessedDataStoreTest}: {@code <root> <times>} adds one to the counter kept for
 * workflow {@code w}, context {@code c}, {@code times} times, each in its own update, then prints {@code done}.
 */
public final class ProcessedDataProbe {

    private ProcessedDataProbe() {}

    public static void main(String[] args) {
        FileProcessedDataStore store = new FileProcessedDataStore(Path.of(args[0]));
        int times = Integer.parseInt(args[1]);
        for (int i = 0; i < times; i++) {
            FileProcessedDataStoreTest.increment(store);
        }
        System.out.println("done");
        System.out.flush();
    }
}
