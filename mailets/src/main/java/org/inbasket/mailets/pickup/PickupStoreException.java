package org.inbasket.mailets.pickup;

/**
 * The pickup store could not do what was asked (database down, key unusable, corrupt record).
 *
 * <p>SECURITY: messages of this exception never contain message content, only identifiers and causes.</p>
 */
public class PickupStoreException extends Exception {
    private static final long serialVersionUID = 1L;

    public PickupStoreException(String message) {
        super(message);
    }

    public PickupStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
