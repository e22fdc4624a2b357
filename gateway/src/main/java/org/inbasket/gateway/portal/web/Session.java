package org.inbasket.gateway.portal.web;

import java.time.Instant;
import java.util.Optional;

import org.inbasket.gateway.portal.auth.CodePurpose;

/**
 * A browser session, kept in memory. Anonymous until login; carries the CSRF token and the state of a pickup
 * or reset in progress.
 *
 * <p>SECURITY: the id is the cookie value (256 random bits); it is replaced at every login
 * ({@link SessionManager#rotate}).</p>
 */
public final class Session {
    final String id;
    final String csrf;
    final Instant createdAt;
    volatile Instant lastSeen;
    private volatile String address;
    private volatile String pendingAddress;
    private volatile CodePurpose pendingPurpose;
    private volatile boolean codeVerified;
    private volatile int extraCheckFailures;
    private volatile String target;
    private volatile String loginHint;
    private volatile String clinician;
    private volatile char[] certificatePassword;

    Session(String id, String csrf, Instant now) {
        this.id = id;
        this.csrf = csrf;
        this.createdAt = now;
        this.lastSeen = now;
    }

    public String csrf() {
        return csrf;
    }

    /** The authenticated patient address (lower case), if logged in. */
    public Optional<String> address() {
        return Optional.ofNullable(address);
    }

    void authenticate(String verified) {
        this.address = verified;
        this.pendingAddress = null;
        this.pendingPurpose = null;
        this.codeVerified = false;
        this.extraCheckFailures = 0;
    }

    /** Starts a code-based flow (first pickup or reset) for an address. */
    void beginCodeFlow(String forAddress, CodePurpose purpose) {
        this.pendingAddress = forAddress;
        this.pendingPurpose = purpose;
        this.codeVerified = false;
        this.extraCheckFailures = 0;
    }

    Optional<String> pendingAddress() {
        return Optional.ofNullable(pendingAddress);
    }

    Optional<CodePurpose> pendingPurpose() {
        return Optional.ofNullable(pendingPurpose);
    }

    boolean codeVerified() {
        return codeVerified && pendingAddress != null;
    }

    void markCodeVerified() {
        this.codeVerified = true;
    }

    int failExtraCheck() {
        return ++extraCheckFailures;
    }

    void abandonCodeFlow() {
        this.pendingAddress = null;
        this.pendingPurpose = null;
        this.codeVerified = false;
    }

    /** Where to go after login (a conversation path), remembered from the link. */
    Optional<String> target() {
        return Optional.ofNullable(target);
    }

    void target(String path) {
        this.target = path;
    }

    Optional<String> loginHint() {
        return Optional.ofNullable(loginHint);
    }

    void loginHint(String value) {
        this.loginHint = value;
    }

    /**
     * The clinician signed in on the certificate page, kept apart from {@link #address()}: a clinician's
     * sign-in never opens a patient's pickup pages, and a patient's login never opens the certificate page.
     */
    Optional<String> clinician() {
        return Optional.ofNullable(clinician);
    }

    /** Signs a clinician in for one download with this one-time password. */
    void clinicianSignedIn(String address, char[] password) {
        this.clinician = address;
        this.certificatePassword = password;
    }

    /** The one-time password, forgotten as it is taken: one download per sign-in. */
    synchronized Optional<char[]> takeCertificatePassword() {
        char[] password = certificatePassword;
        certificatePassword = null;
        return Optional.ofNullable(password);
    }

    void clinicianSignedOut() {
        this.clinician = null;
        this.certificatePassword = null;
    }

    /** Copies the navigation state (not the identity) into a fresh session at rotation. */
    void copyNavigationTo(Session other) {
        other.target = target;
        other.loginHint = loginHint;
    }
}
