package org.inbasket.gateway.portal;

/** What happened, for the audit trail. */
public enum AuditAction {
    LOGIN_SUCCEEDED,
    LOGIN_FAILED,
    ACCOUNT_LOCKED,
    LOGOUT,
    CODE_SENT,
    CODE_FAILED,
    EXTRA_CHECK_FAILED,
    PASSWORD_SET,
    LINK_REFUSED,
    VIEW,
    DOWNLOAD,
    REPLY,
    NEW_MESSAGE,
    READ_RECEIPT_SENT,
    REMINDER_SENT,
    REVOKE,
    CLINICIAN_LOGIN_SUCCEEDED,
    CLINICIAN_LOGIN_FAILED,
    CERTIFICATE_DOWNLOAD
}
