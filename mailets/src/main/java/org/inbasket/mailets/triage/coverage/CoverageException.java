package org.inbasket.mailets.triage.coverage;

/** A coverage window was rejected: invalid, overlapping another, or closing a coverage cycle. */
public class CoverageException extends Exception {
    private static final long serialVersionUID = 1L;

    public CoverageException(String message) {
        super(message);
    }
}
