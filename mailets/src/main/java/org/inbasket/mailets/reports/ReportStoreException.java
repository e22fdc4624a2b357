package org.inbasket.mailets.reports;

/** The report facts could not be read or written; the message says which operation, never content. */
public final class ReportStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ReportStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
