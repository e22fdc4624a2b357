package org.inbasket.gateway.portal.auth;

/** The account store failed (database unavailable). Messages carry no secrets. */
public class AccountStoreException extends Exception {
    private static final long serialVersionUID = 1L;

    public AccountStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
