package org.inbasket.gateway.portal.auth;

/** What a one-time code proves. A code for one purpose never serves another. */
public enum CodePurpose {
    /** First pickup: the patient proves control of the address before choosing a password. */
    FIRST_PICKUP,
    /** Password reset. */
    RESET
}
