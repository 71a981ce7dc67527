package io.hetumind.studio.credential;

import java.util.Arrays;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Everything the app logs from the moment it is installed (root handler, all levels that reach it). */
final class LogCapture extends Handler {
    private static LogCapture installed;
    private final StringBuffer text = new StringBuffer();

    static synchronized LogCapture install() {
        if (installed == null) {
            installed = new LogCapture();
            installed.setLevel(Level.ALL);
            Logger.getLogger("").addHandler(installed);
        }
        return installed;
    }

    String text() {
        return text.toString();
    }

    @Override
    public void publish(LogRecord r) {
        text.append(r.getLevel()).append(' ').append(r.getLoggerName()).append(' ');
        text.append(r.getMessage()).append(' ').append(Arrays.toString(r.getParameters()));
        try {
            // JBoss log records format printf-style messages themselves
            text.append(' ')
                    .append(r.getClass().getMethod("getFormattedMessage").invoke(r));
        } catch (ReflectiveOperationException e) {
            // a plain JUL record: message and parameters are above
        }
        for (Throwable t = r.getThrown(); t != null; t = t.getCause()) {
            text.append(' ').append(t);
        }
        text.append('\n');
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
}
