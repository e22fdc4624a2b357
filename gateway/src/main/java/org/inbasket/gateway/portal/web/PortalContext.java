package org.inbasket.gateway.portal.web;

import java.time.Clock;

import org.inbasket.gateway.portal.AuditSink;
import org.inbasket.gateway.portal.MailSubmitter;
import org.inbasket.gateway.portal.PortalConfiguration;
import org.inbasket.gateway.portal.auth.PasswordHasher;
import org.inbasket.gateway.portal.auth.PortalAccountStore;
import org.inbasket.gateway.portal.store.GatewayKey;
import org.inbasket.mailets.pickup.PickupStore;

/** Everything the portal's pages use, in one place. */
public record PortalContext(PortalConfiguration config, PickupStore pickupStore, PortalAccountStore accounts,
                            GatewayKey gatewayKey, PasswordHasher hasher, MailSubmitter submitter, AuditSink audit,
                            Clock clock, SessionManager sessions, FailureLimiter limiter, Templates templates,
                            PortalMail mail) {
}
