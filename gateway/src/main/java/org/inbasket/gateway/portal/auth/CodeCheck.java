package org.inbasket.gateway.portal.auth;

/** Result of checking a one-time code. */
public enum CodeCheck {
    /** Right code; it is now used up. */
    VALID,
    /** Wrong code; attempts remain. */
    WRONG,
    /** No code pending, or it expired, or too many wrong attempts used it up. */
    UNAVAILABLE
}
