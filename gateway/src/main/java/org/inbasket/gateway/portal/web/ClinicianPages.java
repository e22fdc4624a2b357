package org.inbasket.gateway.portal.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;
import org.inbasket.gateway.portal.AuditAction;
import org.inbasket.gateway.portal.AuditEvent;
import org.inbasket.gateway.portal.ClinicianKeys;

/**
 * The clinician certificate page ({@code /clinician/certificate}): a clinician signs in with their mail
 * address and mail password, is shown a one-time password once, downloads their own key and certificate with
 * the CA chain as PKCS#12 protected by it, and reads how to import it into Thunderbird and Outlook. The clinic
 * CA's certificate is public at {@code /clinician/ca.crt}.
 *
 * <p>SECURITY: the sign-in is a CSRF-checked POST, throttled per client IP and per address with the portal's
 * failure limiter, and audited (succeeded, failed, download); the error does not say whether the address
 * exists. Pools are refused (see {@link ClinicianKeys}). The session id is replaced at sign-in; the clinician
 * identity is kept apart from a patient's. The password is generated here (about 100 bits), shown in one
 * response only (no-store, like every page), used for one download, then forgotten; the file is never stored.
 * </p>
 */
final class ClinicianPages {
    static final String PAGE = "/clinician/certificate";
    static final String DOWNLOAD = "/clinician/certificate/download";
    static final String CA = "/clinician/ca.crt";
    /** Letters and digits that cannot be mistaken for each other (no 0/O, 1/I/l). */
    private static final char[] ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789".toCharArray();
    private static final int GROUPS = 4;
    private static final int GROUP_LENGTH = 5;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final PortalContext context;
    private final PortalHandler handler;
    private final ClinicianKeys keys;

    ClinicianPages(PortalContext context, PortalHandler handler, ClinicianKeys keys) {
        this.context = context;
        this.handler = handler;
        this.keys = keys;
    }

    /** A password of four groups of five characters, about 114 bits. */
    static char[] oneTimePassword() {
        char[] password = new char[GROUPS * GROUP_LENGTH + GROUPS - 1];
        int i = 0;
        for (int g = 0; g < GROUPS; g++) {
            if (g > 0) {
                password[i++] = '-';
            }
            for (int c = 0; c < GROUP_LENGTH; c++) {
                password[i++] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
            }
        }
        return password;
    }

    private void audit(AuditAction action, String address, Http http) {
        context.audit().record(new AuditEvent(context.clock().instant(), action, address, http.clientIp(),
            Optional.empty()));
    }

    void signInPage(Http http) throws IOException {
        Session session = handler.session(http, true).orElseThrow();
        render(http, session, 200, List.of(), "");
    }

    private void render(Http http, Session session, int status, List<String> errors, String address)
        throws IOException {
        Map<String, Object> model = handler.model(session, "Your secure email certificate");
        model.put("user", "");
        model.put("errors", errors);
        model.put("address", address);
        handler.page(http, status, "clinician-signin", model);
    }

    void signIn(Http http) throws IOException {
        Map<String, String> form = http.form();
        Optional<Session> checked = handler.postSession(http, Optional.ofNullable(form.get("csrf")));
        if (checked.isEmpty()) {
            return;
        }
        Session session = checked.get();
        String typed = Optional.ofNullable(form.get("email")).orElse("").strip().toLowerCase(Locale.ROOT);
        String password = Optional.ofNullable(form.get("password")).orElse("");
        Optional<MailAddress> address = parse(typed);
        String auditAddress = address.map(MailAddress::asString).orElse("-");
        String perAddress = "clinician:" + auditAddress;
        if (context.limiter().blocked(http.clientIp()) || context.limiter().blocked(perAddress)) {
            audit(AuditAction.CLINICIAN_LOGIN_FAILED, auditAddress, http);
            handler.error(http, 429, "Too many attempts", "For safety, signing in is paused for a few minutes "
                + "after several wrong passwords. Please try again later, or ask your IT team.");
            return;
        }
        boolean ok = address.isPresent() && password.length() <= 1000 && keys.authenticate(address.get(), password);
        if (!ok) {
            context.limiter().fail(http.clientIp());
            context.limiter().fail(perAddress);
            audit(AuditAction.CLINICIAN_LOGIN_FAILED, auditAddress, http);
            render(http, session, 401, List.of("The email address or password is not right. Use the address and "
                + "password of your clinic mail account."), typed.length() <= 320 ? typed : "");
            return;
        }
        audit(AuditAction.CLINICIAN_LOGIN_SUCCEEDED, auditAddress, http);
        Session fresh = context.sessions().rotate(session);
        handler.setSessionCookie(http, fresh);
        char[] oneTime = oneTimePassword();
        fresh.clinicianSignedIn(auditAddress, oneTime);
        Map<String, Object> model = handler.model(fresh, "Your secure email certificate");
        model.put("user", "");
        model.put("address", auditAddress);
        model.put("password", new String(oneTime));
        handler.page(http, 200, "clinician-certificate", model);
    }

    void download(Http http) throws IOException {
        Map<String, String> form = http.form();
        Optional<Session> checked = handler.postSession(http, Optional.ofNullable(form.get("csrf")));
        if (checked.isEmpty()) {
            return;
        }
        Session session = checked.get();
        Optional<String> clinician = session.clinician();
        Optional<char[]> password = session.takeCertificatePassword();
        session.clinicianSignedOut();
        if (clinician.isEmpty() || password.isEmpty()) {
            render(http, session, 403, List.of("Please sign in again: each sign-in allows one download, with the "
                + "password shown after signing in."), clinician.orElse(""));
            return;
        }
        boolean legacy = "legacy".equals(form.get("format"));
        Optional<byte[]> pkcs12;
        try {
            pkcs12 = keys.pkcs12(new MailAddress(clinician.get()), password.get(), legacy);
        } catch (AddressException e) {
            throw new IOException("signed-in address no longer parses", e);
        } finally {
            Arrays.fill(password.get(), '\0');
        }
        if (pkcs12.isEmpty()) {
            handler.error(http, 404, "No certificate yet", "Your account has no certificate yet. Please ask your "
                + "IT team to issue one, then sign in again.");
            return;
        }
        audit(AuditAction.CERTIFICATE_DOWNLOAD, clinician.get(), http);
        http.download("application/x-pkcs12", SafeNames.attachmentDisposition(clinician.get() + ".p12"), pkcs12.get());
    }

    void caCertificate(Http http) throws IOException {
        http.download("application/x-x509-ca-cert", "attachment; filename=\"clinic-ca.crt\"",
            keys.caCertificatePem().getBytes(StandardCharsets.US_ASCII));
    }

    private static Optional<MailAddress> parse(String typed) {
        if (typed.isEmpty() || typed.length() > 320) {
            return Optional.empty();
        }
        try {
            return Optional.of(new MailAddress(typed));
        } catch (AddressException e) {
            return Optional.empty();
        }
    }
}
