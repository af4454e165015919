package dev.wharf.storage.db;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps SQL parameter values out of JDK Flight Recorder recordings.
 *
 * <p>JDBI reports every statement it runs as a JFR event ({@code jdbi.statement}) whose
 * {@code parameters} field holds the bound values. Wharf binds token root keys, TOTP secrets,
 * password hashes and session digests, and an operator's recording (a continuous recording in
 * production, {@code jcmd <pid> JFR.start}, a profiling run) would carry them into a file that is
 * copied around for diagnosis. It is the reason {@link Database} already renders no values into
 * JDBI's exception messages. The event is unregistered once, so no recording ever sees it; Wharf's
 * own JFR events (JVM, I/O, locks) are unaffected.
 *
 * <p>JDBI registers the event when its internal {@code JfrSupport} class initializes, so that class
 * is initialized first; otherwise a later registration would undo this.
 */
final class StatementRecordingOff {
    private static final Logger LOG = LoggerFactory.getLogger(StatementRecordingOff.class);
    private static final String JDBI_JFR_SUPPORT = "org.jdbi.v3.core.statement.internal.JfrSupport";

    private StatementRecordingOff() {}

    /** Idempotent; safe on a runtime without the {@code jdk.jfr} module. */
    static void apply() {
        if (ModuleLayer.boot().findModule("jdk.jfr").isEmpty()) {
            return;
        }
        try {
            Class.forName(JDBI_JFR_SUPPORT, true, StatementRecordingOff.class.getClassLoader());
            jdk.jfr.FlightRecorder.unregister(org.jdbi.v3.core.statement.JdbiStatementEvent.class);
        } catch (ClassNotFoundException | LinkageError | IllegalStateException | SecurityException e) {
            LOG.warn(
                    "Could not keep SQL parameters out of Flight Recorder recordings ({}); do not record "
                            + "this process with JFR's jdbi.statement event enabled",
                    e.toString());
        }
    }
}
