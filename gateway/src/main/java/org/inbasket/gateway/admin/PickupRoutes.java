package org.inbasket.gateway.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.inject.Inject;

import org.apache.james.webadmin.Routes;
import org.inbasket.gateway.portal.PickupPortal;
import org.inbasket.mailets.pickup.Direction;
import org.inbasket.mailets.pickup.PickupStoreException;
import org.inbasket.mailets.pickup.PickupSummary;

import spark.Service;

/**
 * {@code /pickup}: the messages a patient can see on the portal, and revoking one, by the store's id or by the
 * original Message-ID (every copy of it). The patient then sees that the message was withdrawn; the revocation
 * is audited.
 *
 * <p>SECURITY: the listing gives ids, addresses, dates and the number of attachments, never the Subject or
 * attachment names (health information).</p>
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
        service.get("/pickup/messages", (request, response) -> {
            String patient = request.queryParams("patient");
            if (patient == null || patient.isBlank()) {
                throw AdminJson.badRequest("expected ?patient=<address>");
            }
            try {
                List<Map<String, Object>> messages = portal.visibleTo(TriageRoutes.address(patient.strip())).stream()
                    .map(PickupRoutes::describe).toList();
                response.type(AdminJson.TYPE);
                return AdminJson.write(messages);
            } catch (PickupStoreException e) {
                throw AdminJson.serverError("cannot list the messages", e);
            }
        });
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

    private static Map<String, Object> describe(PickupSummary message) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", message.messageId());
        out.put("conversation", message.conversationId());
        out.put("direction", message.direction() == Direction.TO_PATIENT ? "to-patient" : "from-patient");
        out.put("patient", message.patient().asString());
        out.put("counterpart", message.counterpart().asString());
        out.put("messageId", message.rfcMessageId());
        out.put("createdAt", message.createdAt().toString());
        out.put("expiresAt", message.expiresAt().toString());
        out.put("firstOpenedAt", message.firstOpenedAt().map(Object::toString).orElse(null));
        out.put("attachments", message.attachments().size());
        return out;
    }
}
