package org.inbasket.mailets.smime;

/**
 * An S/MIME operation on our own output (encrypting, signing, issuing) could not be done.
 *
 * <p>The message is a short reason fit for an operator (an error repository, a log line): it never holds
 * message content. Processing of received data (decrypting, verifying) does not throw this; it returns a
 * result with a status instead.</p>
 */
public class SmimeException extends Exception {
    private static final long serialVersionUID = 1L;

    public SmimeException(String reason) {
        super(reason);
    }

    public SmimeException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
