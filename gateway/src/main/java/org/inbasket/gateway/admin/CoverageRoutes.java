package org.inbasket.gateway.admin;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import javax.inject.Inject;

import org.apache.james.webadmin.Routes;
import org.inbasket.mailets.triage.coverage.CoverageException;
import org.inbasket.mailets.triage.coverage.CoverageWindow;
import org.inbasket.mailets.triage.coverage.MutableCoverageSchedule;

import spark.Request;
import spark.Response;
import spark.Service;

/**
 * {@code /coverage}: every coverage window (file and database); windows added here are checked against the
 * file's and each other for overlaps and cycles and apply at once.
 */
public final class CoverageRoutes implements Routes {
    private final MutableCoverageSchedule coverage;

    @Inject
    public CoverageRoutes(MutableCoverageSchedule coverage) {
        this.coverage = coverage;
    }

    @Override
    public String getBasePath() {
        return "/coverage";
    }

    @Override
    public void define(Service service) {
        service.get("/coverage", (request, response) -> TriageRoutes.json(response, coverage.windows().stream()
            .map(CoverageRoutes::describe).toList()));
        service.post("/coverage", this::addWindow);
        service.delete("/coverage/:id", (request, response) -> {
            if (!coverage.remove(request.params("id"))) {
                throw AdminJson.notFound("no coverage window " + request.params("id") + " in the database");
            }
            response.status(204);
            return "";
        });
    }

    private String addWindow(Request request, Response response) {
        Map<String, Object> body = AdminJson.body(request);
        String id = Optional.ofNullable(text(body, "id", false)).orElse("admin-" + UUID.randomUUID());
        CoverageWindow window;
        try {
            window = new CoverageWindow(id, TriageRoutes.address(text(body, "absent", true)),
                Optional.ofNullable(text(body, "absentName", false)), instant(body, "from"), instant(body, "to"),
                TriageRoutes.address(text(body, "coverer", true)),
                kind(Optional.ofNullable(text(body, "kind", false)).orElse("clinician")),
                Optional.ofNullable(text(body, "covererName", false)));
        } catch (IllegalArgumentException e) {
            throw AdminJson.badRequest(e.getMessage());
        }
        try {
            coverage.add(window);
        } catch (CoverageException e) {
            throw AdminJson.badRequest(e.getMessage());
        }
        response.status(201);
        return TriageRoutes.json(response, describe(window));
    }

    private static String text(Map<String, Object> body, String key, boolean required) {
        Object value = body.get(key);
        if (value == null && !required) {
            return null;
        }
        if (!(value instanceof String s) || s.isBlank()) {
            throw AdminJson.badRequest("'" + key + "' is required (a string)");
        }
        return s;
    }

    private static CoverageWindow.CovererKind kind(String value) {
        for (CoverageWindow.CovererKind kind : CoverageWindow.CovererKind.values()) {
            if (kind.name().equalsIgnoreCase(value.strip())) {
                return kind;
            }
        }
        throw AdminJson.badRequest("'kind' must be clinician or pool");
    }

    private static Instant instant(Map<String, Object> body, String key) {
        String value = text(body, key, true);
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw AdminJson.badRequest("'" + key + "' must be an ISO-8601 instant such as 2026-12-01T08:00:00Z");
        }
    }

    private static Map<String, Object> describe(CoverageWindow window) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", window.id());
        out.put("absent", window.absent().asString());
        out.put("from", window.from().toString());
        out.put("to", window.to().toString());
        out.put("coverer", window.coverer().asString());
        out.put("kind", window.kind().name().toLowerCase(Locale.ROOT));
        return out;
    }
}
