package org.inbasket.gateway.portal;

import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import org.apache.james.core.MailAddress;
import org.inbasket.gateway.portal.auth.InMemoryPortalAccountStore;
import org.inbasket.gateway.portal.auth.PasswordHasher;
import org.inbasket.gateway.portal.store.GatewayKey;
import org.inbasket.mailets.pickup.Direction;
import org.inbasket.mailets.pickup.InMemoryPickupStore;
import org.inbasket.mailets.pickup.PickupAttachment;
import org.inbasket.mailets.pickup.PickupContent;
import org.inbasket.mailets.pickup.PickupDeposit;
import org.inbasket.mailets.pickup.PickupReceipt;

/** A running portal for tests: shipped templates, a mutable clock, recording submitter and audit. */
public final class PortalFixture implements AutoCloseable {
    public static final Path CONF = Path.of("../conf");
    public static final Instant START = Instant.parse("2025-03-03T09:00:00Z");

    public final MutableClock clock = new MutableClock(START);
    public final RecordingSubmitter submitter = new RecordingSubmitter();
    public final RecordingAudit audit = new RecordingAudit();
    public final PickupPortal portal;
    public final KeyStore keyStore;
    private final boolean tls;

    private PortalFixture(Map<String, String> overrides, DataSource dataSource, MailSubmitter submitterOverride,
                          boolean tls) throws Exception {
        this.tls = tls;
        int port = freePort();
        Map<String, String> values = new HashMap<>(Map.of(
            "port", Integer.toString(port), "bind", "127.0.0.1", "tls", Boolean.toString(tls),
            "public.url", (tls ? "https" : "http") + "://localhost:" + port,
            "clinic.name", "Riverside Family Clinic", "clinic.phone", "555-0100",
            "mail.from", "noreply@clinic.example", "careteam.address", "careteam@clinic.example"));
        values.putAll(overrides);
        PortalConfiguration config = PortalConfiguration.fromMap(values, CONF);
        this.keyStore = tls ? TestCertificates.localhost() : null;
        PickupPortal.Builder builder = PickupPortal.builder()
            .configuration(config)
            .gatewayKey(GatewayKey.random())
            .mailSubmitter(submitterOverride != null ? submitterOverride : submitter)
            .auditSink(audit)
            .clock(clock)
            .passwordHasher(new PasswordHasher(1024, 1, 1));
        if (dataSource != null) {
            builder.dataSource(dataSource);
        } else {
            builder.pickupStore(new InMemoryPickupStore(clock, config.linkExpiry()))
                .accountStore(new InMemoryPortalAccountStore());
        }
        if (tls) {
            builder.keyStore(keyStore, TestCertificates.PASSWORD);
        }
        this.portal = builder.build();
        portal.start();
    }

    private static int freePort() throws Exception {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    public static PortalFixture inMemory(Map<String, String> overrides) throws Exception {
        return new PortalFixture(overrides, null, null, false);
    }

    public static PortalFixture jdbc(DataSource dataSource, Map<String, String> overrides, MailSubmitter submitter,
                                     boolean tls) throws Exception {
        return new PortalFixture(overrides, dataSource, submitter, tls);
    }

    public String baseUrl() {
        return (tls ? "https" : "http") + "://localhost:" + portal.boundPort();
    }

    public WebClient client() throws Exception {
        return new WebClient(baseUrl(), keyStore);
    }

    /** Stores a message from the doctor to the patient, as the mailet would. */
    public PickupReceipt deposit(String patient, String subject, Optional<String> text, Optional<String> html,
                                 List<PickupAttachment> attachments, boolean receipt, Optional<String> check)
        throws Exception {
        return portal.pickupStore().deposit(new PickupDeposit(Direction.TO_PATIENT, new MailAddress(patient),
            new MailAddress("doctor@clinic.example"), "<" + java.util.UUID.randomUUID() + "@clinic.example>",
            List.of(), receipt, check, new PickupContent(subject, text, html, attachments)));
    }

    public PickupReceipt deposit(String patient, String subject, String text) throws Exception {
        return deposit(patient, subject, Optional.of(text), Optional.empty(), List.of(), false, Optional.empty());
    }

    public void advance(Duration duration) {
        clock.advance(duration);
    }

    @Override
    public void close() {
        portal.stop();
    }
}
