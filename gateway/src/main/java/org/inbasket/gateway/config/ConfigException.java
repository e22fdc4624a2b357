package org.inbasket.gateway.config;

/**
 * A configuration problem that stops startup. The message is one line that names the file and the key (or
 * element) at fault, so that an operator can fix it without reading a stack trace.
 */
public class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
