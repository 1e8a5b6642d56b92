package dev.trash.examples.platform;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * What one class logs during a test, kept for the test to assert instead of printed: a test that
 * provokes a failure on purpose checks that it was logged, and the build output stays quiet. The
 * platform logs through {@link System.Logger}, which goes to java.util.logging under the same name.
 */
final class CapturedLog implements AutoCloseable {
    private final Logger logger;
    private final boolean usedParentHandlers;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private CapturedLog(Class<?> source) {
        logger = Logger.getLogger(source.getName());
        usedParentHandlers = logger.getUseParentHandlers();
        handler.setLevel(Level.ALL);
        logger.addHandler(handler);
        logger.setUseParentHandlers(false);
    }

    /** {@return a capture of what {@code source} logs from now until it is closed} */
    static CapturedLog of(Class<?> source) {
        return new CapturedLog(source);
    }

    /** {@return each record as "LEVEL: message", in order} */
    List<String> lines() {
        return records.stream().map(r -> r.getLevel() + ": " + r.getMessage()).collect(Collectors.toList());
    }

    /** {@return the records, in order} */
    List<LogRecord> records() {
        return List.copyOf(records);
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
        logger.setUseParentHandlers(usedParentHandlers);
    }
}
