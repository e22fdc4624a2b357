package org.inbasket.gateway.admin;

import java.util.List;
import java.util.Map;

import javax.inject.Inject;
import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;
import org.apache.james.webadmin.Routes;
import org.inbasket.gateway.services.PoolMailboxes;
import org.inbasket.mailets.triage.pool.PoolDirectory;

import spark.Request;
import spark.Response;
import spark.Service;

/**
 * {@code /pools}: pools and their members; a new pool gets its account at once. ({@code /coverage} is
 * {@link CoverageRoutes}: WebAdmin guards each {@code Routes} by its base path only, so one class per path.)
 */
public final class TriageRoutes implements Routes {
    private final PoolDirectory pools;
    private final PoolMailboxes poolMailboxes;

    @Inject
    public TriageRoutes(PoolDirectory pools, PoolMailboxes poolMailboxes) {
        this.pools = pools;
        this.poolMailboxes = poolMailboxes;
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

    static MailAddress address(String value) {
        try {
            return new MailAddress(value);
        } catch (AddressException e) {
            throw AdminJson.badRequest("not a mail address: " + value);
        }
    }

    static String json(Response response, Object value) {
        response.type(AdminJson.TYPE);
        return AdminJson.write(value);
    }

}
