package org.inbasket.gateway.portal.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import javax.mail.MessagingException;
import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;
import org.inbasket.gateway.portal.AuditAction;
import org.inbasket.gateway.portal.AuditEvent;
import org.inbasket.gateway.portal.auth.Account;
import org.inbasket.gateway.portal.auth.AccountStoreException;
import org.inbasket.gateway.portal.auth.CodeCheck;
import org.inbasket.gateway.portal.auth.CodePurpose;
import org.inbasket.mailets.pickup.PickupDeposit;
import org.inbasket.mailets.pickup.PickupLink;
import org.inbasket.mailets.pickup.PickupStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Landing page, first pickup (emailed code, then password), login with lockout, logout, reset by emailed code.
 *
 * <p>SECURITY: a link shows a landing page and consumes nothing until the patient presses its button (a POST
 * with a CSRF token, which prefetching scanners do not send). Unknown, expired and revoked links get one and the
 * same page, and count as failures for the client's rate limit. Login rotates the session id. Login errors do
 * not say whether the address has an account, except once it is locked.</p>
 */
final class AuthPages {
    private static final Logger LOGGER = LoggerFactory.getLogger(AuthPages.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH);
    private static final int CODE_DIGITS = 8;
    private static final int MAX_EXTRA_CHECK_FAILURES = 5;

    private final PortalContext context;
    private final PortalHandler handler;
    private final String dummyHash;

    AuthPages(PortalContext context, PortalHandler handler) {
        this.context = context;
        this.handler = handler;
        this.dummyHash = context.hasher().hash(SessionManager.randomId());
    }

    private Instant now() {
        return context.clock().instant();
    }

    private void audit(AuditAction action, String address, Http http, Optional<String> messageId) {
        context.audit().record(new AuditEvent(now(), action, address, http.clientIp(), messageId));
    }

    private void tooMany(Http http) throws IOException {
        handler.error(http, 429, "Too many attempts", "For your safety, this page is paused for a few minutes "
            + "after several unsuccessful attempts. Please try again later, or call "
            + context.config().clinicName() + " at " + context.config().clinicPhone() + ".");
    }

    private void linkInvalid(Http http, Session session) throws IOException {
        Map<String, Object> model = handler.model(session, "This link cannot be used");
        model.put("expiryDays", context.config().linkExpiry().toDays());
        handler.page(http, 404, "link-invalid", model);
    }

    private Optional<PickupLink> resolve(Http http, String token) throws IOException {
        try {
            Optional<PickupLink> link = context.pickupStore().resolveToken(token, now());
            if (link.isEmpty()) {
                context.limiter().fail(http.clientIp());
                audit(AuditAction.LINK_REFUSED, "-", http, Optional.empty());
            }
            return link;
        } catch (PickupStoreException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    void landing(Http http, String token) throws IOException {
        if (context.limiter().blocked(http.clientIp())) {
            tooMany(http);
            return;
        }
        Optional<PickupLink> link = resolve(http, token);
        if (link.isEmpty()) {
            linkInvalid(http, handler.session(http, false).orElse(null));
            return;
        }
        Session session = handler.session(http, true).orElseThrow();
        Map<String, Object> model = handler.model(session, "You have a secure message");
        model.put("token", token);
        handler.page(http, 200, "landing", model);
    }

    void openLink(Http http, String token) throws IOException {
        Optional<Session> checked = handler.postSession(http, Optional.ofNullable(http.form().get("csrf")));
        if (checked.isEmpty()) {
            return;
        }
        if (context.limiter().blocked(http.clientIp())) {
            tooMany(http);
            return;
        }
        Session session = checked.get();
        Optional<PickupLink> found = resolve(http, token);
        if (found.isEmpty()) {
            linkInvalid(http, session);
            return;
        }
        PickupLink link = found.get();
        String patient = link.patient().asString().toLowerCase(Locale.ROOT);
        String target = "/conversations/" + link.conversationId() + "#m-" + link.messageId();
        if (session.address().filter(patient::equals).isPresent()) {
            http.redirect(target);
            return;
        }
        if (session.address().isPresent()) {
            context.sessions().invalidate(session);
            session = context.sessions().create();
            handler.setSessionCookie(http, session);
        }
        session.target(target);
        session.loginHint(patient);
        try {
            if (context.accounts().find(patient).isPresent()) {
                http.redirect("/login");
                return;
            }
        } catch (AccountStoreException e) {
            throw new IOException(e.getMessage(), e);
        }
        session.beginCodeFlow(patient, CodePurpose.FIRST_PICKUP);
        sendCode(http, patient, CodePurpose.FIRST_PICKUP);
        http.redirect("/code");
    }

    private String codeHash(String address, CodePurpose purpose, String code) {
        return context.gatewayKey().hmac(purpose + ":" + address + ":" + code);
    }

    private void sendCode(Http http, String address, CodePurpose purpose) throws IOException {
        StringBuilder code = new StringBuilder();
        for (int i = 0; i < CODE_DIGITS; i++) {
            code.append(RANDOM.nextInt(10));
        }
        try {
            context.accounts().putCode(address, purpose, codeHash(address, purpose, code.toString()),
                now().plus(context.config().codeExpiry()));
            MailAddress to = new MailAddress(address);
            context.submitter().sendToPatient(context.mail().from(), to,
                context.mail().code(to, code.toString(), context.config().codeExpiry().toMinutes()));
        } catch (AccountStoreException | MessagingException e) {
            throw new IOException("could not send a one-time code: " + e.getClass().getSimpleName(), e);
        }
        audit(AuditAction.CODE_SENT, address, http, Optional.empty());
    }

    private static String mask(String address) {
        int at = address.indexOf('@');
        if (at <= 0) {
            return address;
        }
        return address.charAt(0) + "\u2022\u2022\u2022" + address.substring(at);
    }

    void codePage(Http http) throws IOException {
        Optional<Session> session = handler.session(http, false);
        if (session.isEmpty() || session.get().pendingAddress().isEmpty()) {
            http.redirect("/login");
            return;
        }
        renderCode(http, session.get(), 200, List.of(), Optional.empty());
    }

    private void renderCode(Http http, Session session, int status, List<String> errors, Optional<String> notice)
        throws IOException {
        boolean reset = session.pendingPurpose().orElse(CodePurpose.FIRST_PICKUP) == CodePurpose.RESET;
        Map<String, Object> model = handler.model(session, "Enter your code");
        model.put("masked", mask(session.pendingAddress().orElse("")));
        model.put("reset", reset);
        model.put("errors", errors);
        model.put("notice", notice.orElse(""));
        model.put("minutes", context.config().codeExpiry().toMinutes());
        handler.page(http, status, "code", model);
    }

    /** The session of a code-flow POST (CSRF checked, a flow pending, client not blocked); otherwise answered. */
    private Optional<Session> codeFlowPost(Http http, Map<String, String> form) throws IOException {
        Optional<Session> checked = handler.postSession(http, Optional.ofNullable(form.get("csrf")));
        if (checked.isEmpty()) {
            return checked;
        }
        if (checked.get().pendingAddress().isEmpty()) {
            http.redirect("/login");
            return Optional.empty();
        }
        if (context.limiter().blocked(http.clientIp())) {
            tooMany(http);
            return Optional.empty();
        }
        return checked;
    }

    void checkCode(Http http) throws IOException {
        Map<String, String> form = http.form();
        Optional<Session> flow = codeFlowPost(http, form);
        if (flow.isEmpty()) {
            return;
        }
        Session session = flow.get();
        String address = session.pendingAddress().get();
        CodePurpose purpose = session.pendingPurpose().orElseThrow();
        String typed = Optional.ofNullable(form.get("code")).orElse("").replaceAll("[\\s-]", "");
        CodeCheck result;
        try {
            result = typed.matches("\\d{" + CODE_DIGITS + "}")
                ? context.accounts().useCode(address, purpose, codeHash(address, purpose, typed), now(),
                    context.config().codeMaxAttempts())
                : CodeCheck.WRONG;
        } catch (AccountStoreException e) {
            throw new IOException(e.getMessage(), e);
        }
        if (result == CodeCheck.VALID) {
            session.markCodeVerified();
            http.redirect("/password");
            return;
        }
        context.limiter().fail(http.clientIp());
        audit(AuditAction.CODE_FAILED, address, http, Optional.empty());
        String message = result == CodeCheck.WRONG
            ? "That code is not right. Please check the newest email from us and type the " + CODE_DIGITS
                + " digits again."
            : "That code has expired or was tried too many times. Press \u201cSend a new code\u201d below.";
        renderCode(http, session, 400, List.of(message), Optional.empty());
    }

    void resendCode(Http http) throws IOException {
        Optional<Session> flow = codeFlowPost(http, http.form());
        if (flow.isEmpty()) {
            return;
        }
        Session session = flow.get();
        String address = session.pendingAddress().get();
        CodePurpose purpose = session.pendingPurpose().orElseThrow();
        if (purpose == CodePurpose.FIRST_PICKUP || accountExists(address)) {
            sendCode(http, address, purpose);
        }
        // A resend also counts against the client's limit, so codes cannot be used to flood a mailbox.
        context.limiter().fail(http.clientIp());
        renderCode(http, session, 200, List.of(), Optional.of("We sent a new code. Only the newest code works."));
    }

    private boolean accountExists(String address) throws IOException {
        try {
            return context.accounts().find(address).isPresent();
        } catch (AccountStoreException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private Optional<String> extraCheck(String address) throws IOException {
        try {
            return context.pickupStore().patientCheck(new MailAddress(address));
        } catch (PickupStoreException | AddressException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    void passwordPage(Http http) throws IOException {
        Optional<Session> session = handler.session(http, false);
        if (session.isEmpty() || !session.get().codeVerified()) {
            http.redirect("/login");
            return;
        }
        renderPassword(http, session.get(), 200, List.of());
    }

    private void renderPassword(Http http, Session session, int status, List<String> errors) throws IOException {
        String address = session.pendingAddress().orElseThrow();
        Map<String, Object> model = handler.model(session, "Choose your password");
        model.put("reset", session.pendingPurpose().orElse(CodePurpose.FIRST_PICKUP) == CodePurpose.RESET);
        model.put("address", address);
        model.put("minLength", context.config().passwordMinLength());
        model.put("errors", errors);
        model.put("extraCheck", extraCheck(address).isPresent());
        model.put("extraLabel", context.config().extraCheckLabel());
        model.put("extraHint", context.config().extraCheckHint());
        handler.page(http, status, "password", model);
    }

    void setPassword(Http http) throws IOException {
        Map<String, String> form = http.form();
        Optional<Session> checked = handler.postSession(http, Optional.ofNullable(form.get("csrf")));
        if (checked.isEmpty()) {
            return;
        }
        Session session = checked.get();
        if (!session.codeVerified()) {
            http.redirect("/login");
            return;
        }
        String address = session.pendingAddress().orElseThrow();
        String password = Optional.ofNullable(form.get("password")).orElse("");
        String confirm = Optional.ofNullable(form.get("confirm")).orElse("");
        int min = context.config().passwordMinLength();
        if (password.codePointCount(0, password.length()) < min) {
            renderPassword(http, session, 400, List.of("Your password must have at least " + min + " characters. "
                + "A short sentence you can remember works well."));
            return;
        }
        if (password.length() > 1000) {
            renderPassword(http, session, 400, List.of("Your password is too long."));
            return;
        }
        if (!password.equals(confirm)) {
            renderPassword(http, session, 400, List.of("The two passwords are not the same. Please type them again."));
            return;
        }
        Optional<String> expected = extraCheck(address);
        if (expected.isPresent()) {
            String typed = PickupDeposit.normaliseCheck(Optional.ofNullable(form.get("extra")).orElse(""));
            if (!MessageDigest.isEqual(typed.getBytes(StandardCharsets.UTF_8),
                expected.get().getBytes(StandardCharsets.UTF_8))) {
                context.limiter().fail(http.clientIp());
                audit(AuditAction.EXTRA_CHECK_FAILED, address, http, Optional.empty());
                if (session.failExtraCheck() >= MAX_EXTRA_CHECK_FAILURES) {
                    session.abandonCodeFlow();
                    handler.error(http, 403, "We could not confirm who you are", "Please call "
                        + context.config().clinicName() + " at " + context.config().clinicPhone() + ".");
                    return;
                }
                renderPassword(http, session, 400, List.of("The " + context.config().extraCheckLabel()
                    .toLowerCase(Locale.ROOT) + " does not match our records. Please check it and try again."));
                return;
            }
        }
        try {
            context.accounts().setPassword(address, context.hasher().hash(password), now());
        } catch (AccountStoreException e) {
            throw new IOException(e.getMessage(), e);
        }
        audit(AuditAction.PASSWORD_SET, address, http, Optional.empty());
        logIn(http, session, address);
    }

    private void logIn(Http http, Session session, String address) throws IOException {
        Session fresh = context.sessions().rotate(session);
        fresh.authenticate(address);
        handler.setSessionCookie(http, fresh);
        audit(AuditAction.LOGIN_SUCCEEDED, address, http, Optional.empty());
        String target = fresh.target().orElse("/messages");
        fresh.target(null);
        http.redirect(target);
    }

    void loginPage(Http http) throws IOException {
        Session session = handler.session(http, true).orElseThrow();
        if (session.address().isPresent()) {
            http.redirect("/messages");
            return;
        }
        String notice = http.query("done").map(done -> switch (done) {
            case "logout" -> "You have logged out. Thank you.";
            default -> "";
        }).orElse("");
        renderLogin(http, session, 200, List.of(), session.loginHint().orElse(""), notice);
    }

    private void renderLogin(Http http, Session session, int status, List<String> errors, String address,
                             String notice) throws IOException {
        Map<String, Object> model = handler.model(session, "Log in");
        model.put("errors", errors);
        model.put("address", address);
        model.put("notice", notice);
        handler.page(http, status, "login", model);
    }

    void login(Http http) throws IOException {
        Map<String, String> form = http.form();
        Optional<Session> checked = handler.postSession(http, Optional.ofNullable(form.get("csrf")));
        if (checked.isEmpty()) {
            return;
        }
        Session session = checked.get();
        if (context.limiter().blocked(http.clientIp())) {
            tooMany(http);
            return;
        }
        String address = Optional.ofNullable(form.get("email")).orElse("").strip().toLowerCase(Locale.ROOT);
        String password = Optional.ofNullable(form.get("password")).orElse("");
        String auditAddress = address.length() <= 320 && address.contains("@") ? address : "-";
        Optional<Account> account;
        try {
            account = address.isEmpty() || address.length() > 320 ? Optional.empty()
                : context.accounts().find(address);
        } catch (AccountStoreException e) {
            throw new IOException(e.getMessage(), e);
        }
        Instant now = now();
        if (account.isPresent() && account.get().lockedAt(now)) {
            audit(AuditAction.LOGIN_FAILED, auditAddress, http, Optional.empty());
            renderLogin(http, session, 403, List.of(lockedMessage(account.get().lockedUntil())), address, "");
            return;
        }
        boolean ok = context.hasher().verify(password, account.map(Account::passwordHash).orElse(dummyHash))
            && account.isPresent();
        if (!ok) {
            context.limiter().fail(http.clientIp());
            audit(AuditAction.LOGIN_FAILED, auditAddress, http, Optional.empty());
            if (account.isPresent()) {
                try {
                    Optional<Instant> locked = context.accounts().recordFailedLogin(address, now,
                        context.config().loginMaxFailures(), context.config().loginLockout());
                    if (locked.isPresent()) {
                        audit(AuditAction.ACCOUNT_LOCKED, address, http, Optional.empty());
                        renderLogin(http, session, 403, List.of(lockedMessage(locked.get())), address, "");
                        return;
                    }
                } catch (AccountStoreException e) {
                    throw new IOException(e.getMessage(), e);
                }
            }
            renderLogin(http, session, 401, List.of("The email address or password is not right. Please try "
                + "again. If you forgot your password, choose \u201cForgot your password?\u201d."), address, "");
            return;
        }
        try {
            context.accounts().recordSuccessfulLogin(address);
        } catch (AccountStoreException e) {
            throw new IOException(e.getMessage(), e);
        }
        logIn(http, session, address);
    }

    private String lockedMessage(Instant until) {
        return "For your safety, logging in is paused after too many wrong passwords. Please try again after "
            + TIME.format(until.atZone(context.config().timeZone())) + ", or reset your password.";
    }

    void logout(Http http) throws IOException {
        Optional<Session> checked = handler.postSession(http, Optional.ofNullable(http.form().get("csrf")));
        if (checked.isEmpty()) {
            return;
        }
        checked.get().address().ifPresent(address -> audit(AuditAction.LOGOUT, address, http, Optional.empty()));
        context.sessions().invalidate(checked.get());
        handler.clearSessionCookie(http);
        http.redirect("/login?done=logout");
    }

    void resetPage(Http http) throws IOException {
        Session session = handler.session(http, true).orElseThrow();
        Map<String, Object> model = handler.model(session, "Reset your password");
        model.put("errors", List.of());
        model.put("address", session.loginHint().orElse(""));
        handler.page(http, 200, "reset", model);
    }

    void requestReset(Http http) throws IOException {
        Map<String, String> form = http.form();
        Optional<Session> checked = handler.postSession(http, Optional.ofNullable(form.get("csrf")));
        if (checked.isEmpty()) {
            return;
        }
        if (context.limiter().blocked(http.clientIp())) {
            tooMany(http);
            return;
        }
        Session session = checked.get();
        String address = Optional.ofNullable(form.get("email")).orElse("").strip().toLowerCase(Locale.ROOT);
        boolean valid;
        try {
            valid = address.length() <= 320 && !address.isEmpty() && new MailAddress(address) != null;
        } catch (AddressException e) {
            valid = false;
        }
        if (!valid) {
            Map<String, Object> model = handler.model(session, "Reset your password");
            model.put("errors", List.of("Please type the email address where you receive our messages."));
            model.put("address", address.length() <= 320 ? address : "");
            handler.page(http, 400, "reset", model);
            return;
        }
        context.limiter().fail(http.clientIp());
        session.beginCodeFlow(address, CodePurpose.RESET);
        if (accountExists(address)) {
            sendCode(http, address, CodePurpose.RESET);
        } else {
            LOGGER.debug("Reset asked for an address without account");
        }
        http.redirect("/code");
    }
}
