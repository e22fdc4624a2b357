package org.inbasket.gateway.portal;

/** conf/portal.properties is invalid; the message names the file and the key. */
public class PortalConfigurationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PortalConfigurationException(String message) {
        super(message);
    }

    public PortalConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
