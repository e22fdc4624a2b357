package org.inbasket.gateway.admin;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.webadmin.Routes;
import org.inbasket.mailets.audit.AuditEntry;
import org.inbasket.mailets.audit.AuditExport;
import org.inbasket.mailets.audit.AuditQuery;
import org.inbasket.mailets.audit.AuditRecord;
import org.inbasket.mailets.audit.AuditTrail;
import org.inbasket.mailets.audit.AuditVerification;

import spark.Request;
import spark.Response;
import spark.Service;

/**
 * {@code /audit}: read the audit trail ({@code GET /audit?from=&to=&event=&address=&limit=}, JSON, oldest
 * first), export it ({@code GET /audit/export?format=csv|json} with the same filters, streamed), and verify
 * its hash chain ({@code GET /audit/verify}). {@code from} and {@code to} are ISO-8601 instants
 * ({@code 2026-01-31T00:00:00Z}), {@code to} exclusive. The trail holds no message content.
 */
public final class AuditRoutes implements Routes {
    static final String BASE = "/audit";
    static final int DEFAULT_LIMIT = 1000;
    static final int MAX_LIMIT = 10_000;

    private final AuditTrail trail;

    @Inject
    public AuditRoutes(AuditTrail trail) {
        this.trail = trail;
    }

    @Override
    public String getBasePath() {
        return BASE;
    }

    @Override
    public void define(Service service) {
        service.get(BASE, this::find);
        service.get(BASE + "/export", this::export);
        service.get(BASE + "/verify", this::verify);
    }

    private String find(Request request, Response response) {
        AuditQuery query = query(request);
        int limit = limit(request.queryParams("limit"));
        response.type(AdminJson.TYPE);
        return AdminJson.write(trail.find(query, limit).stream().map(AuditRoutes::describe).toList());
    }

    private Object export(Request request, Response response) throws IOException {
        AuditExport.Format format;
        try {
            format = AuditExport.Format.parse(Optional.ofNullable(request.queryParams("format")).orElse("json"));
        } catch (IllegalArgumentException e) {
            throw AdminJson.badRequest(e.getMessage());
        }
        AuditQuery query = query(request);
        response.type(format.contentType());
        response.header("Content-Disposition", "attachment; filename=\"audit." + format.name().toLowerCase() + "\"");
        Writer out = new BufferedWriter(new OutputStreamWriter(response.raw().getOutputStream(), StandardCharsets.UTF_8));
        AuditExport.write(trail, query, format, out);
        return "";
    }

    private String verify(Request request, Response response) {
        AuditVerification v = trail.verify();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("ok", v.ok());
        result.put("checked", v.checked());
        result.put("firstBrokenSeq", v.firstBroken().isPresent() ? v.firstBroken().getAsLong() : null);
        result.put("problem", v.problem());
        result.put("anchorSeq", v.anchorSeq());
        result.put("headSeq", v.headSeq());
        result.put("headHash", v.headHash());
        response.type(AdminJson.TYPE);
        return AdminJson.write(result);
    }

    static AuditQuery query(Request request) {
        Optional<String> event = Optional.ofNullable(request.queryParams("event")).map(String::strip)
            .filter(s -> !s.isEmpty());
        if (event.isPresent() && !event.get().matches("[a-z][a-z0-9-]{0,39}")) {
            throw AdminJson.badRequest("event must be an event type such as received or portal-view");
        }
        return new AuditQuery(instant(request, "from"), instant(request, "to"), event,
            Optional.ofNullable(request.queryParams("address")));
    }

    private static Optional<Instant> instant(Request request, String name) {
        String value = request.queryParams(name);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(value.strip()));
        } catch (DateTimeParseException e) {
            throw AdminJson.badRequest(name + " must be an ISO-8601 instant such as 2026-01-31T00:00:00Z");
        }
    }

    private static int limit(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value.strip());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw AdminJson.badRequest("limit must be a whole number from 1 to " + MAX_LIMIT);
    }

    static Map<String, Object> describe(AuditEntry entry) {
        AuditRecord r = entry.record();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seq", entry.seq());
        m.put("time", r.time().toString());
        m.put("event", r.event());
        m.put("actor", r.actor());
        m.put("addresses", r.addresses());
        m.put("clientIp", r.clientIp());
        m.put("reference", r.reference());
        m.put("messageId", r.messageId());
        m.put("detail", r.detail());
        m.put("hash", entry.hash());
        return m;
    }
}
