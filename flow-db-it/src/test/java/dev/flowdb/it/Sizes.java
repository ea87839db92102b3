package dev.flowdb.it;

/** Test sizes: defaults keep the build short; the {@code stress} profile raises them. */
final class Sizes {

    static final int FEATURES = Integer.getInteger("flowdb.it.features", 2000);
    static final int PROCESSES = Integer.getInteger("flowdb.it.processes", 2);
    static final int THREADS = Integer.getInteger("flowdb.it.threads", 4);
    static final int CRASH_ROUNDS = Integer.getInteger("flowdb.it.crashRounds", 10);

    private Sizes() {
    }
}
