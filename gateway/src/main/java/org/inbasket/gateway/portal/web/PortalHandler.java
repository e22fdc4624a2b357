package org.inbasket.gateway.portal.web;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.inbasket.gateway.portal.ClinicianKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

/**
 * The portal's single HTTP handler: routes requests, applies the session and CSRF rules, and turns every
 * unexpected failure into a generic error page.
 *
 * <p>SECURITY: every POST must carry the session's CSRF token and, when the browser sends an Origin header,
 * come from the portal's own origin. Errors are logged with their class only (never content or request
 * bodies); the page says "Something went wrong" and nothing more.</p>
 */
public final class PortalHandler implements HttpHandler {
    private static final Logger LOGGER = LoggerFactory.getLogger(PortalHandler.class);
    static final String COOKIE = "__Host-portal";
    private static final Pattern LINK = Pattern.compile("/m/([^/]{1,100})");
    private static final Pattern CONVERSATION = Pattern.compile("/conversations/([0-9a-f-]{36})");
    private static final Pattern REPLY = Pattern.compile("/conversations/([0-9a-f-]{36})/reply");
    private static final Pattern ATTACHMENT = Pattern.compile("/attachments/([0-9a-f-]{36})/(\\d{1,4})");

    private final PortalContext context;
    private final AuthPages auth;
    private final MessagePages messages;
    private final Optional<ClinicianPages> clinician;
    private final byte[] css;
    private final Optional<byte[]> logo;
    private final String logoType;
    private final String origin;

    public PortalHandler(PortalContext context) {
        this(context, Optional.empty());
    }

    /** @param clinicianKeys serves the clinician certificate page when present ({@code /clinician/...}) */
    public PortalHandler(PortalContext context, Optional<ClinicianKeys> clinicianKeys) {
        this.context = context;
        this.auth = new AuthPages(context, this);
        this.messages = new MessagePages(context, this);
        this.clinician = clinicianKeys.map(keys -> new ClinicianPages(context, this, keys));
        this.css = resource("assets/portal.css");
        this.logo = context.config().clinicLogo().map(path -> {
            try {
                return Files.readAllBytes(path);
            } catch (IOException e) {
                throw new IllegalStateException(path + ": cannot read the clinic logo", e);
            }
        });
        String name = context.config().clinicLogo().map(p -> p.getFileName().toString().toLowerCase(Locale.ROOT))
            .orElse("");
        this.logoType = name.endsWith(".svg") ? "image/svg+xml" : name.endsWith(".png") ? "image/png" : "image/jpeg";
        URI url = context.config().publicUrl();
        this.origin = url.getScheme() + "://" + url.getRawAuthority();
    }

    private static byte[] resource(String name) {
        try (InputStream in = PortalHandler.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read resource " + name, e);
        }
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        Http http = new Http(exchange, context.config().trustedProxies(),
            "https".equals(context.config().publicUrl().getScheme()));
        try {
            route(http);
        } catch (Exception | LinkageError e) {
            LOGGER.warn("Portal request {} {} failed: {}", http.method(), routeName(http.path()),
                e.getClass().getName());
            LOGGER.debug("Portal failure detail", e);
            try {
                error(http, 500, "Something went wrong", "Please try again in a few minutes. If it keeps "
                    + "happening, call " + context.config().clinicName() + " at " + context.config().clinicPhone()
                    + ".");
            } catch (IOException | RuntimeException ignored) {
                exchange.close();
            }
        }
    }

    /** A path for logs, with tokens and ids blanked. */
    private static String routeName(String path) {
        return path.replaceAll("/m/[^/]+", "/m/*").replaceAll("[0-9a-f-]{36}", "*");
    }

    private void route(Http http) throws IOException {
        String path = http.path();
        String method = http.method();
        boolean get = method.equals("GET") || method.equals("HEAD");
        boolean post = method.equals("POST");
        if (!get && !post) {
            http.plain(405, "Method not allowed");
            return;
        }
        if (post && !sameOrigin(http)) {
            error(http, 403, "This page has expired", "Please go back, reload the page, and try again.");
            return;
        }
        Matcher m;
        if (get && path.equals("/")) {
            http.redirect(session(http, false).flatMap(Session::address).isPresent() ? "/messages" : "/login");
        } else if (get && path.equals("/assets/portal.css")) {
            http.asset("text/css; charset=utf-8", css);
        } else if (get && path.equals("/assets/logo") && logo.isPresent()) {
            http.asset(logoType, logo.get());
        } else if ((m = LINK.matcher(path)).matches()) {
            if (get) {
                auth.landing(http, m.group(1));
            } else {
                auth.openLink(http, m.group(1));
            }
        } else if (path.equals("/code")) {
            if (get) {
                auth.codePage(http);
            } else {
                auth.checkCode(http);
            }
        } else if (post && path.equals("/code/resend")) {
            auth.resendCode(http);
        } else if (path.equals("/password")) {
            if (get) {
                auth.passwordPage(http);
            } else {
                auth.setPassword(http);
            }
        } else if (path.equals("/login")) {
            if (get) {
                auth.loginPage(http);
            } else {
                auth.login(http);
            }
        } else if (post && path.equals("/logout")) {
            auth.logout(http);
        } else if (path.equals("/reset")) {
            if (get) {
                auth.resetPage(http);
            } else {
                auth.requestReset(http);
            }
        } else if (get && path.equals("/messages")) {
            messages.list(http);
        } else if (get && (m = CONVERSATION.matcher(path)).matches()) {
            messages.conversation(http, m.group(1));
        } else if (post && (m = REPLY.matcher(path)).matches()) {
            messages.reply(http, m.group(1));
        } else if (get && (m = ATTACHMENT.matcher(path)).matches()) {
            messages.download(http, m.group(1), Integer.parseInt(m.group(2)));
        } else if (clinician.isPresent() && path.equals(ClinicianPages.PAGE)) {
            if (get) {
                clinician.get().signInPage(http);
            } else {
                clinician.get().signIn(http);
            }
        } else if (clinician.isPresent() && post && path.equals(ClinicianPages.DOWNLOAD)) {
            clinician.get().download(http);
        } else if (clinician.isPresent() && get && path.equals(ClinicianPages.CA)) {
            clinician.get().caCertificate(http);
        } else if (path.equals("/new")) {
            if (get) {
                messages.composePage(http);
            } else {
                messages.send(http);
            }
        } else {
            error(http, 404, "Page not found", "This page does not exist. Go to your messages or log in.");
        }
    }

    private boolean sameOrigin(Http http) {
        Optional<String> sent = http.header("Origin");
        return sent.isEmpty() || sent.get().equals(origin);
    }

    /** The request's session; with {@code create}, a new anonymous one (and its cookie) when there is none. */
    Optional<Session> session(Http http, boolean create) {
        Optional<Session> found = http.cookie(COOKIE).flatMap(context.sessions()::find);
        if (found.isPresent() || !create) {
            return found;
        }
        Session fresh = context.sessions().create();
        setSessionCookie(http, fresh);
        return Optional.of(fresh);
    }

    void setSessionCookie(Http http, Session session) {
        http.setCookie(COOKIE + "=" + session.id + "; Path=/; Secure; HttpOnly; SameSite=Lax");
    }

    void clearSessionCookie(Http http) {
        http.setCookie(COOKIE + "=; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=0");
    }

    /** The session if the form's CSRF token matches it. */
    Optional<Session> checkedSession(Http http, Optional<String> token) {
        Optional<Session> session = session(http, false);
        if (session.isEmpty() || token.isEmpty() || !java.security.MessageDigest.isEqual(
            session.get().csrf.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
            token.get().getBytes(java.nio.charset.StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        return session;
    }

    /** The session of a POST whose CSRF token matches; otherwise answers 403 and returns empty. */
    Optional<Session> postSession(Http http, Optional<String> token) throws IOException {
        Optional<Session> session = checkedSession(http, token);
        if (session.isEmpty()) {
            csrfRefused(http);
        }
        return session;
    }

    void csrfRefused(Http http) throws IOException {
        error(http, 403, "This page has expired", "For your safety, forms stop working after a while. Please go "
            + "back, reload the page, and try again.");
    }

    /** The model every page gets. */
    Map<String, Object> model(Session session, String title) {
        Map<String, Object> model = new HashMap<>();
        model.put("title", title);
        model.put("clinicName", context.config().clinicName());
        model.put("clinicPhone", context.config().clinicPhone());
        model.put("hasLogo", logo.isPresent());
        model.put("csrf", session == null ? "" : session.csrf);
        model.put("user", session == null ? "" : session.address().orElse(""));
        return model;
    }

    void page(Http http, int status, String template, Map<String, Object> model) throws IOException {
        http.html(status, context.templates().render(template, model));
    }

    void error(Http http, int status, String title, String text) throws IOException {
        Map<String, Object> model = model(session(http, false).orElse(null), title);
        model.put("message", text);
        page(http, status, "error", model);
    }
}
