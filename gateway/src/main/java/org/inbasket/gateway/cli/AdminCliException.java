package org.inbasket.gateway.cli;

/** Ends an admin command with a one-line message on standard error and an exit code ({@link #API} or {@link #LOCAL}). */
public final class AdminCliException extends RuntimeException {
    /** The admin API refused the request, failed, or could not be reached. */
    public static final int API = 1;
    /** A local problem: token file, input file, password, options. */
    public static final int LOCAL = 2;

    private final int exitCode;

    public AdminCliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
