package io.hetumind.nodes.command;

import io.hetumind.core.spi.NodeException;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One {@code /bin/sh -c} run: standard input empty, both outputs read concurrently and bounded like
 * Node's {@code exec} (1 MiB each: a larger output fails instead of filling memory), the process and
 * its children killed when the execution is canceled.
 */
final class ShellRun {

    static final int MAX_OUTPUT = 1024 * 1024;

    record Result(int exitCode, String stdout, String stderr) {}

    private ShellRun() {}

    static Result run(String command, BooleanSupplier canceled) throws InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder("/bin/sh", "-c", command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
        } catch (IOException e) {
            throw NodeException.operational("the command could not be started: " + e.getMessage(), e);
        }
        Capture out = new Capture(p.getInputStream());
        Capture err = new Capture(p.getErrorStream());
        Thread outReader = Thread.ofVirtual().start(out);
        Thread errReader = Thread.ofVirtual().start(err);
        try {
            while (!p.waitFor(100, TimeUnit.MILLISECONDS)) {
                if (canceled.getAsBoolean() || out.overflow || err.overflow) {
                    kill(p);
                    break;
                }
            }
            outReader.join();
            errReader.join();
        } catch (InterruptedException e) {
            kill(p);
            throw e;
        }
        if (out.overflow || err.overflow) {
            throw NodeException.user((out.overflow ? "stdout" : "stderr") + " maxBuffer length exceeded");
        }
        return new Result(p.exitValue(), out.text(), err.text());
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    /** Reads one stream to its end, keeping at most {@link #MAX_OUTPUT} bytes. */
    private static final class Capture implements Runnable {
        private final InputStream in;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private volatile boolean overflow;

        Capture(InputStream in) {
            this.in = in;
        }

        @Override
        public void run() {
            byte[] buf = new byte[8192];
            try (in) {
                for (int n; (n = in.read(buf)) >= 0; ) {
                    if (bytes.size() + n > MAX_OUTPUT) {
                        overflow = true;
                    } else {
                        bytes.write(buf, 0, n);
                    }
                }
            } catch (IOException e) {
                // the process was killed or closed its end: keep what was read
            }
        }

        String text() {
            return bytes.toString(StandardCharsets.UTF_8).strip();
        }
    }
}
