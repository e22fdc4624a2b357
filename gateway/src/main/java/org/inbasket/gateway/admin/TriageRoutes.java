package org.inbasket.gateway.admin;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import javax.inject.Inject;
import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;
import org.apache.james.webadmin.Routes;
import org.inbasket.gateway.services.PoolMailboxes;
import org.inbasket.mailets.triage.coverage.CoverageException;
import org.inbasket.mailets.triage.coverage.CoverageWindow;
import org.inbasket.mailets.triage.coverage.MutableCoverageSchedule;
import org.inbasket.mailets.triage.pool.PoolDirectory;

import spark.Request;
import spark.Response;
import spark.Service;

/**
 * {@code /pools} (pools and their members; a new pool gets its account at once) and
 * {@code /coverage} (windows added here are checked against the file's and each other for overlaps and cycles).
 */
public final class TriageRoutes implements Routes {
    private final PoolDirectory pools;
    private final PoolMailboxes poolMailboxes;
    private final MutableCoverageSchedule coverage;

    @Inject
    public TriageRoutes(PoolDirectory pools, PoolMailboxes poolMailboxes, MutableCoverageSchedule coverage) {
        this.pools = pools;
        this.poolMailboxes = poolMailboxes;
        this.coverage = coverage;
    }

    @Override
    public String getBasePath() {
        return "/pools";
    }

    @Override
    public void define(Service service) {
        service.get("/pools", (request, response) -> json(response, pools.pools().stream()
            .map(pool -> Map.of("pool", pool.asString(),
                "members", pools.members(pool).stream().map(MailAddress::asString).sorted().toList()))
            .toList()));
        service.put("/pools/:pool", (request, response) -> {
            boolean created = pools.createPool(address(request.params("pool")));
            poolMailboxes.synchronize();
            response.status(created ? 201 : 204);
            return "";
        });
        service.delete("/pools/:pool", (request, response) -> {
            if (!pools.deletePool(address(request.params("pool")))) {
                throw AdminJson.notFound("no pool " + request.params("pool"));
            }
            response.status(204);
            return "";
        });
        service.put("/pools/:pool/members/:member", (request, response) -> {
            changeMember(request, true);
            response.status(204);
            return "";
        });
        service.delete("/pools/:pool/members/:member", (request, response) -> {
            changeMember(request, false);
            response.status(204);
            return "";
        });
        service.get("/coverage", (request, response) -> json(response, coverage.windows().stream()
            .map(TriageRoutes::describe).toList()));
        service.post("/coverage", this::addWindow);
        service.delete("/coverage/:id", (request, response) -> {
            if (!coverage.remove(request.params("id"))) {
                throw AdminJson.notFound("no coverage window " + request.params("id") + " in the database");
            }
            response.status(204);
            return "";
        });
    }

    private void changeMember(Request request, boolean add) {
        MailAddress pool = address(request.params("pool"));
        MailAddress member = address(request.params("member"));
        try {
            if (add) {
                pools.addMember(pool, member);
            } else {
                pools.removeMember(pool, member);
            }
        } catch (PoolDirectory.UnknownPoolException e) {
            throw AdminJson.notFound(e.getMessage());
        }
        poolMailboxes.synchronize();
    }

    private String addWindow(Request request, Response response) {
        Map<String, Object> body = AdminJson.body(request);
        String id = Optional.ofNullable(text(body, "id", false)).orElse("admin-" + UUID.randomUUID());
        CoverageWindow window;
        try {
            window = new CoverageWindow(id, address(text(body, "absent", true)),
                Optional.ofNullable(text(body, "absentName", false)), instant(body, "from"), instant(body, "to"),
                address(text(body, "coverer", true)),
                CoverageWindow.CovererKind.valueOf(Optional.ofNullable(text(body, "kind", false)).orElse("clinician")
                    .toUpperCase(Locale.ROOT)),
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
        return json(response, describe(window));
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

    private static Instant instant(Map<String, Object> body, String key) {
        String value = text(body, key, true);
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw AdminJson.badRequest("'" + key + "' must be an ISO-8601 instant such as 2026-12-01T08:00:00Z");
        }
    }

    private static MailAddress address(String value) {
        try {
            return new MailAddress(value);
        } catch (AddressException e) {
            throw AdminJson.badRequest("not a mail address: " + value);
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

    private static String json(Response response, Object value) {
        response.type(AdminJson.TYPE);
        return AdminJson.write(value);
    }

}
