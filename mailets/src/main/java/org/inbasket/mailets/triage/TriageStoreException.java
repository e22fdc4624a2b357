package org.inbasket.mailets.triage;

/**
 * A triage store (reply ledger, pool directory, coverage schedule) could not be read or written. The message
 * names the operation, never message content or patient addresses.
 */
public class TriageStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TriageStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public TriageStoreException(String message) {
        super(message);
    }
}
