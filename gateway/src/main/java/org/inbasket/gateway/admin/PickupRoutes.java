package org.inbasket.gateway.admin;

import java.util.Map;

import javax.inject.Inject;

import org.apache.james.webadmin.Routes;
import org.inbasket.gateway.portal.PickupPortal;
import org.inbasket.mailets.pickup.PickupStoreException;

import spark.Service;

/**
 * {@code /pickup}: revoke a message held for a patient, by the store's id or by the original Message-ID (every
 * copy of it). The patient then sees that the message was withdrawn; the revocation is audited.
 */
public final class PickupRoutes implements Routes {
    private final PickupPortal portal;

    @Inject
    public PickupRoutes(PickupPortal portal) {
        this.portal = portal;
    }

    @Override
    public String getBasePath() {
        return "/pickup";
    }

    @Override
    public void define(Service service) {
        service.delete("/pickup/messages/:id", (request, response) -> {
            try {
                if (!portal.revoke(request.params("id"), "admin")) {
                    throw AdminJson.notFound("no message " + request.params("id"));
                }
            } catch (PickupStoreException e) {
                throw AdminJson.serverError("cannot revoke", e);
            }
            response.status(204);
            return "";
        });
        service.post("/pickup/revocations", (request, response) -> {
            Object messageId = AdminJson.body(request).get("messageId");
            if (!(messageId instanceof String id) || id.isBlank()) {
                throw AdminJson.badRequest("expected {\"messageId\": \"<id@host>\"}");
            }
            try {
                int revoked = portal.revokeByRfcMessageId(id, "admin");
                response.type(AdminJson.TYPE);
                return AdminJson.write(Map.of("revoked", revoked));
            } catch (PickupStoreException e) {
                throw AdminJson.serverError("cannot revoke", e);
            }
        });
    }
}
