package org.inbasket.gateway.admin;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.james.webadmin.PublicRoutes;
import org.inbasket.gateway.portal.web.Templates;
import org.inbasket.gateway.portal.web.UploadForm;
import org.inbasket.gateway.reports.Charts;
import org.inbasket.gateway.reports.MeaningfulUse;
import org.inbasket.gateway.reports.ReportData;
import org.inbasket.gateway.reports.Reports;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import spark.Request;
import spark.Response;
import spark.Service;
import spark.Spark;

/**
 * {@code /reports}: the reports page for a browser and the report data for scripts and the command line.
 *
 * <ul>
 *   <li>{@code GET /reports?from=&to=&zone=}: the page (charts as inline SVG, the Meaningful Use upload), or the
 *       sign-in form without a session.</li>
 *   <li>{@code POST /reports/login} (form field {@code token}): a session cookie {@code inbasket_reports}
 *       (HttpOnly, SameSite=Strict, Path=/reports, Secure when WebAdmin serves HTTPS); {@code POST
 *       /reports/logout} (CSRF) ends it.</li>
 *   <li>{@code GET /reports/data?from=&to=&zone=&format=json|csv}: the report data.</li>
 *   <li>{@code POST /reports/meaningful-use?from=&to=&zone=&format=json|csv}: the measure for a CSV of patients
 *       seen, sent as the body ({@code text/csv}) with the token, or from the page's form (multipart, CSRF
 *       field, {@code format=html|csv}).</li>
 * </ul>
 *
 * <p>These routes are WebAdmin {@link PublicRoutes} because a browser cannot send the {@code Authorization}
 * header from a link; each route checks the admin token itself: the header, or a session made by signing in
 * with the token.</p>
 *
 * <p>SECURITY: every value on the page is escaped by FreeMarker's HTML output format; the page has no script
 * and a CSP that forbids scripts and outside resources; state-changing forms carry a per-session CSRF token;
 * the uploaded CSV is parsed in memory, never kept or logged. The presented token is never logged.</p>
 */
public final class ReportRoutes implements PublicRoutes {
    static final String BASE = "/reports";
    static final String COOKIE = "inbasket_reports";
    static final int MAX_UPLOAD = 10 * 1024 * 1024;
    static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; "
        + "frame-ancestors 'none'; base-uri 'none'";
    private static final Logger LOGGER = LoggerFactory.getLogger(ReportRoutes.class);
    private static final String HTML = "text/html; charset=utf-8";
    private static final String CSV = "text/csv; charset=utf-8";

    private final AdminToken token;
    private final Reports reports;
    private final Clock clock;
    private final ReportSessions sessions;
    private final Templates templates = new Templates(Reports.class, "templates");

    @Inject
    public ReportRoutes(AdminToken token, Reports reports, Clock clock) {
        this.token = token;
        this.reports = reports;
        this.clock = clock;
        this.sessions = new ReportSessions(clock);
    }

    @Override
    public String getBasePath() {
        return BASE;
    }

    @Override
    public void define(Service service) {
        service.get(BASE, this::page);
        service.post(BASE + "/login", this::login);
        service.post(BASE + "/logout", this::logout);
        service.get(BASE + "/data", this::data);
        service.post(BASE + "/meaningful-use", this::meaningfulUse);
    }

    /** A period from the request: {@code from}/{@code to} dates (default: the last 30 days) and a time zone. */
    record Period(LocalDate from, LocalDate to, ZoneId zone) {
    }

    Period period(Map<String, String> params) {
        ZoneId zone;
        try {
            String z = params.getOrDefault("zone", "");
            zone = z.isBlank() ? ZoneId.systemDefault() : ZoneId.of(z.strip());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("zone must be a time zone such as America/New_York or UTC");
        }
        LocalDate today = LocalDate.ofInstant(clock.instant(), zone);
        LocalDate to = date(params.get("to"), "to").orElse(today);
        LocalDate from = date(params.get("from"), "from").orElse(to.minusDays(29));
        Reports.range(from, to, zone);
        return new Period(from, to, zone);
    }

    private static Optional<LocalDate> date(String value, String name) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(value.strip()));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(name + " must be a date such as 2026-03-01");
        }
    }

    private static Map<String, String> query(Request request) {
        Map<String, String> params = new HashMap<>();
        for (String name : List.of("from", "to", "zone", "format")) {
            Optional.ofNullable(request.queryParams(name)).ifPresent(v -> params.put(name, v));
        }
        return params;
    }

    // --- authentication ---

    private boolean bearer(Request request) {
        String header = request.headers(AdminTokenFilter.HEADER);
        return header != null && header.regionMatches(true, 0, AdminTokenFilter.SCHEME, 0, AdminTokenFilter.SCHEME.length())
            && token.matches(header.substring(AdminTokenFilter.SCHEME.length()).trim());
    }

    private Optional<ReportSessions.Session> session(Request request) {
        return sessions.find(request.cookie(COOKIE));
    }

    /** The bearer token or a session; otherwise 401 (JSON, like every admin route). */
    private void requireAdmin(Request request, Response response) {
        if (bearer(request) || session(request).isPresent()) {
            return;
        }
        LOGGER.warn("admin API: refused {} {} from {}: no token and no reports session", request.requestMethod(),
            request.pathInfo(), request.ip());
        response.type(AdminJson.TYPE);
        response.header("WWW-Authenticate", "Bearer realm=\"inbasket-admin\"");
        throw Spark.halt(401, AdminTokenFilter.REFUSED);
    }

    private static void pageHeaders(Response response) {
        response.type(HTML);
        response.header("Content-Security-Policy", CSP);
        response.header("X-Content-Type-Options", "nosniff");
        response.header("Referrer-Policy", "no-referrer");
        response.header("Cache-Control", "no-store");
    }

    private String login(Request request, Response response) {
        pageHeaders(response);
        String presented = request.queryParams("token");
        if (!token.matches(presented == null ? null : presented.strip())) {
            LOGGER.warn("reports: sign-in refused from {}: wrong token", request.ip());
            response.status(401);
            return templates.render("login", Map.of("error", "That is not the admin token."));
        }
        ReportSessions.Session session = sessions.create();
        response.header("Set-Cookie", COOKIE + "=" + session.id() + "; Path=" + BASE + "; HttpOnly; SameSite=Strict"
            + ("https".equalsIgnoreCase(request.scheme()) ? "; Secure" : ""));
        LOGGER.info("reports: signed in from {}", request.ip());
        response.redirect(BASE, 303);
        return "";
    }

    private String logout(Request request, Response response) {
        Optional<ReportSessions.Session> session = session(request);
        if (session.isPresent() && session.get().csrfMatches(request.queryParams("csrf"))) {
            sessions.remove(session.get().id());
        }
        response.header("Set-Cookie", COOKIE + "=; Path=" + BASE + "; Max-Age=0; HttpOnly; SameSite=Strict");
        response.redirect(BASE, 303);
        return "";
    }

    // --- the page ---

    private String page(Request request, Response response) {
        pageHeaders(response);
        Optional<ReportSessions.Session> session = session(request);
        if (session.isEmpty()) {
            return templates.render("login", Map.of("error", ""));
        }
        Period period;
        String error = "";
        try {
            period = period(query(request));
        } catch (IllegalArgumentException e) {
            error = e.getMessage();
            period = period(Map.of());
            response.status(400);
        }
        return renderPage(session.get(), period, error, null);
    }

    private String renderPage(ReportSessions.Session session, Period period, String error, MeaningfulUse.Result mu) {
        ReportData data = reports.report(period.from(), period.to(), period.zone());
        Map<String, Object> model = new HashMap<>();
        model.put("csrf", session.csrf());
        model.put("from", period.from().toString());
        model.put("to", period.to().toString());
        model.put("zone", period.zone().getId());
        model.put("exportQuery", BASE + "/data?from=" + period.from() + "&to=" + period.to() + "&zone="
            + java.net.URLEncoder.encode(period.zone().getId(), StandardCharsets.UTF_8));
        model.put("charts", Charts.of(data));
        model.put("error", error);
        if (mu != null) {
            model.put("mu", mu);
        }
        return templates.render("report", model);
    }

    // --- data ---

    private String data(Request request, Response response) throws IOException {
        requireAdmin(request, response);
        Map<String, String> params = query(request);
        Period period = checked(() -> period(params));
        String format = params.getOrDefault("format", "json");
        ReportData data = reports.report(period.from(), period.to(), period.zone());
        response.header("Cache-Control", "no-store");
        return switch (format) {
            case "json" -> {
                response.type(AdminJson.TYPE);
                yield AdminJson.write(data);
            }
            case "csv" -> {
                response.type(CSV);
                response.header("Content-Disposition", "attachment; filename=\"report-" + period.from() + "-"
                    + period.to() + ".csv\"");
                yield ReportCsv.report(data);
            }
            default -> throw AdminJson.badRequest("format must be json or csv");
        };
    }

    private static <T> T checked(java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw AdminJson.badRequest(e.getMessage());
        }
    }

    // --- Meaningful Use ---

    private String meaningfulUse(Request request, Response response) throws IOException {
        byte[] body = request.bodyAsBytes();
        if (bearer(request)) {
            Map<String, String> params = query(request);
            Period period = checked(() -> period(params));
            if (body.length > MAX_UPLOAD) {
                throw AdminJson.badRequest("the CSV is larger than " + MAX_UPLOAD / (1024 * 1024) + " MB");
            }
            MeaningfulUse.Result result = measure(period, new String(body, StandardCharsets.UTF_8));
            return muAnswer(response, result, params.getOrDefault("format", "json"));
        }
        Optional<ReportSessions.Session> session = session(request);
        if (session.isEmpty()) {
            requireAdmin(request, response);
        }
        pageHeaders(response);
        if (body.length > MAX_UPLOAD) {
            response.status(413);
            return renderPage(session.get(), period(Map.of()), "The file is larger than "
                + MAX_UPLOAD / (1024 * 1024) + " MB.", null);
        }
        UploadForm form = UploadForm.parse(request.contentType(), body.length, new ByteArrayInputStream(body),
            new UploadForm.Limits(1, MAX_UPLOAD, List.of(), 4096));
        if (!session.get().csrfMatches(form.field("csrf").orElse(null))) {
            LOGGER.warn("reports: Meaningful Use upload refused from {}: bad CSRF token", request.ip());
            response.status(403);
            return renderPage(session.get(), period(Map.of()), "The form had expired. Please upload the file again.",
                null);
        }
        Map<String, String> fields = new HashMap<>();
        for (String name : List.of("from", "to", "zone", "format")) {
            form.field(name).ifPresent(v -> fields.put(name, v));
        }
        Period period;
        try {
            period = period(fields);
        } catch (IllegalArgumentException e) {
            response.status(400);
            return renderPage(session.get(), period(Map.of()), e.getMessage(), null);
        }
        if (form.files().isEmpty()) {
            response.status(400);
            return renderPage(session.get(), period, "Choose the CSV file of the patients seen.", null);
        }
        String csv = new String(form.files().get(0).data(), StandardCharsets.UTF_8);
        MeaningfulUse.Result result = measure(period, csv);
        if ("csv".equals(fields.get("format"))) {
            return muAnswer(response, result, "csv");
        }
        return renderPage(session.get(), period, "", result);
    }

    private MeaningfulUse.Result measure(Period period, String csv) {
        String text = csv.startsWith("\uFEFF") ? csv.substring(1) : csv;
        MeaningfulUse.Visits visits = MeaningfulUse.read(text, period.from(), period.to());
        return MeaningfulUse.measure(period.from(), period.to(), visits,
            reports.patientsSentSecureMessages(period.from(), period.to(), period.zone()));
    }

    private static String muAnswer(Response response, MeaningfulUse.Result result, String format) throws IOException {
        response.header("Cache-Control", "no-store");
        return switch (format) {
            case "json" -> {
                response.type(AdminJson.TYPE);
                yield AdminJson.write(result);
            }
            case "csv" -> {
                response.type(CSV);
                response.header("Content-Disposition", "attachment; filename=\"meaningful-use-" + result.from()
                    + "-" + result.to() + ".csv\"");
                yield ReportCsv.meaningfulUse(result);
            }
            default -> throw AdminJson.badRequest("format must be json or csv");
        };
    }

    /** The CSV exports; cells that a spreadsheet would run as a formula get a leading {@code '}. */
    static final class ReportCsv {
        private ReportCsv() {
        }

        static String report(ReportData data) throws IOException {
            StringWriter out = new StringWriter();
            try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.RFC4180)) {
                csv.printRecord("section", "label", "value");
                csv.printRecord("period", "from", data.from());
                csv.printRecord("period", "to", data.to());
                csv.printRecord("period", "zone", data.zone());
                for (ReportData.Day d : data.days()) {
                    csv.printRecord("in", d.date(), d.in());
                    csv.printRecord("out", d.date(), d.out());
                }
                ReportData.Responses r = data.responses();
                csv.printRecord("responses", "patient_messages", r.patientMessages());
                csv.printRecord("responses", "answered", r.answered());
                csv.printRecord("responses", "pending", r.pending());
                csv.printRecord("responses", "within_24h", r.withinStandard());
                csv.printRecord("responses", "share_within_24h", number(r.shareWithinStandard()));
                csv.printRecord("responses", "median_hours", number(r.medianHours()));
                for (ReportData.Bucket b : r.distribution()) {
                    csv.printRecord("response_time", b.label(), b.count());
                }
                csv.printRecord("pools", "pool", data.pools().pool());
                csv.printRecord("pools", "clinician", data.pools().clinician());
                csv.printRecord("pools", "urgent", data.pools().urgent());
                csv.printRecord("pools", "pool_share", number(data.pools().poolShare()));
                csv.printRecord("pickup", "encrypted", data.pickup().encrypted());
                csv.printRecord("pickup", "held", data.pickup().held());
                csv.printRecord("pickup", "opened", data.pickup().opened());
                csv.printRecord("pickup", "median_hours_to_open", number(data.pickup().medianHoursToOpen()));
                for (ReportData.Mailbox m : data.backlog().mailboxes()) {
                    csv.printRecord("backlog_unread", safe(m.mailbox()), m.unread());
                }
            }
            return out.toString();
        }

        static String meaningfulUse(MeaningfulUse.Result result) throws IOException {
            StringWriter out = new StringWriter();
            try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.RFC4180)) {
                csv.printRecord("from", "to", "numerator", "denominator", "percentage", "meets_5_percent");
                csv.printRecord(result.from(), result.to(), result.numerator(), result.denominator(),
                    number(result.percentage()), result.meetsThreshold() ? "yes" : "no");
                csv.println();
                csv.printRecord("email", "secure_message_sent");
                for (MeaningfulUse.Patient p : result.patients()) {
                    csv.printRecord(safe(p.email()), p.sentSecureMessage() ? "yes" : "no");
                }
            }
            return out.toString();
        }

        private static String number(Double value) {
            return value == null ? "" : String.format(java.util.Locale.ROOT, "%.4f", value);
        }

        static String safe(String cell) {
            return !cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0 ? "'" + cell : cell;
        }
    }

    /** For tests: reads a CSV export back. */
    static List<org.apache.commons.csv.CSVRecord> parse(String csv) throws IOException {
        return CSVFormat.RFC4180.parse(new InputStreamReader(new ByteArrayInputStream(
            csv.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8)).getRecords();
    }
}
