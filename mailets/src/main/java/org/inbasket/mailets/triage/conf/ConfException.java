package org.inbasket.mailets.triage.conf;

/**
 * A configuration file could not be used. The message names the file and, where known, the line, so an
 * administrator can fix it without reading code. It never quotes message content.
 */
public class ConfException extends Exception {
    private static final long serialVersionUID = 1L;

    public ConfException(String message) {
        super(message);
    }

    public ConfException(String message, Throwable cause) {
        super(message, cause);
    }

    /** An error at one line of one file: "{@code file:line: message}". */
    public static ConfException at(String file, int line, String message) {
        return new ConfException(file + ":" + line + ": " + message);
    }
}
