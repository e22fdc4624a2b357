package org.inbasket.mailets.smime.directory;

/**
 * A certificate or key store could not be read or written (I/O, database, damaged file). Unchecked: callers
 * in the mail pipeline catch it and send the mail to their error processor.
 */
public class DirectoryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DirectoryException(String message) {
        super(message);
    }

    public DirectoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
