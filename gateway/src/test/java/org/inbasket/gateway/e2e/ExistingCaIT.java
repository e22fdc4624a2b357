package org.inbasket.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * Issue 4: the clinic's own CA instead of the built-in one ({@code smime.ca.keystore}), issuing P-256 certificates
 * ({@code smime.certificate.key = ec-p256}). The CA is made with openssl, as a clinic's IT would; the gateway
 * publishes it, issues the demo users' certificates from it, and stores mail encrypted to them (ECDH), which
 * openssl opens with the exported key. A wrong keystore password stops startup with one line naming the setting.
 * Database-independent: the Derby pass only.
 */
class ExistingCaIT {
    private static final Duration DELIVERY = Duration.ofSeconds(90);
    private static final String CA_PASSWORD = "clinic-ca-pass-1";
    private static final String EXPORT_PASSWORD = "export-pass-1";

    @TempDir
    Path data;
    @TempDir
    Path work;
    GreenMail outside;
    TestDatabase database;
    GatewayProcess gateway;

    @AfterEach
    void stop() throws Exception {
        Teardown.stopAll(gateway, database, outside);
    }

    /** A CA the way openssl makes one: key and self-signed CA certificate, in a password-protected PKCS#12. */
    private static Path[] clinicCa(Openssl openssl, Path dir) throws Exception {
        Path key = dir.resolve("clinic-ca.key.pem");
        Path cert = dir.resolve("clinic-ca.pem");
        Path p12 = dir.resolve("clinic-ca.p12");
        openssl.run(null, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(), "-out", cert.toString(),
            "-days", "90", "-subj", "/O=Riverside Clinic/CN=Riverside Clinic Issuing CA",
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        openssl.run(null, "pkcs12", "-export", "-inkey", key.toString(), "-in", cert.toString(), "-out", p12.toString(),
            "-passout", "pass:" + CA_PASSWORD, "-name", "Riverside Clinic Issuing CA");
        return new Path[] {p12, cert};
    }

    @Test
    void theClinicsCaShouldIssueP256CertificatesAndMailShouldBeStoredEncryptedToThem() throws Exception {
        Openssl openssl = new Openssl(work);
        Path[] ca = clinicCa(openssl, work);
        outside = new GreenMail(new ServerSetup(GatewayProcess.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        outside.start();
        database = TestDatabase.create();
        gateway = new GatewayProcess(data, database, outside.getSmtp().getPort())
            .withEnv("GATEWAY_SMIME_CA_KEYSTORE", ca[0].toString())
            .withEnv("GATEWAY_SMIME_CA_KEYSTORE_PASSWORD", CA_PASSWORD)
            .withEnv("GATEWAY_SMIME_CERTIFICATE_KEY", "ec-p256").start();
        AdminClient admin = gateway.adminClient();

        CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        assertThat(x509.generateCertificate(new ByteArrayInputStream(admin.ok("GET", "/smime/ca.pem", null))))
            .as("the CA the admin API publishes").isEqualTo(x509.generateCertificate(Files.newInputStream(ca[1])));

        Path[] grey = openssl.unpack("dr.grey", admin.pkcs12("dr.grey@clinic.example", EXPORT_PASSWORD), EXPORT_PASSWORD);
        String text = new String(openssl.run(null, "x509", "-in", grey[1].toString(), "-noout", "-text"), StandardCharsets.UTF_8);
        assertThat(text).contains("Issuer: O = Riverside Clinic, CN = Riverside Clinic Issuing CA")
            .contains("id-ecPublicKey").contains("prime256v1").contains("email:dr.grey@clinic.example");
        // openssl's smimeencrypt purpose wants keyEncipherment, which an EC key does not have (it agrees keys):
        // the chain and emailProtection are checked with smimesign.
        assertThat(new String(openssl.run(null, "verify", "-CAfile", ca[1].toString(), "-purpose", "smimesign",
            grey[1].toString()), StandardCharsets.UTF_8)).contains(": OK");

        String marker = UUID.randomUUID().toString();
        MimeMessage m = MailClients.message("wrist.patient@outside.example", "dr.grey@clinic.example", "my wrist",
            "It clicks when I turn it. " + marker);
        String id = m.getMessageID();
        MailClients.sendToMx(gateway.smtpPort, m);
        MailClients.Seen seen = await().atMost(DELIVERY).ignoreExceptionsInstanceOf(javax.mail.MessagingException.class)
            .until(() -> MailClients.inbox(gateway.imapPort, "dr.grey@clinic.example", "demo", null).stream()
                .filter(s -> id.equals(s.messageId())).findFirst(), Optional::isPresent).orElseThrow();
        assertThat(seen.contentType()).startsWith("application/pkcs7-mime");
        assertThat(new String(seen.raw(), StandardCharsets.UTF_8)).doesNotContain(marker);
        assertThat(openssl.decrypt(seen.raw(), grey[0], grey[1])).contains(marker);
    }

    @Test
    void aWrongCaKeystorePasswordShouldStopStartupWithOneLineNamingTheSetting() throws Exception {
        Path[] ca = clinicCa(new Openssl(work), work);
        gateway = new GatewayProcess(data, new TestDatabase.Derby(), GatewayProcess.freePort())
            .withEnv("GATEWAY_SMIME_CA_KEYSTORE", ca[0].toString())
            .withEnv("GATEWAY_SMIME_CA_KEYSTORE_PASSWORD", "not-the-password");

        int code = gateway.runToExit(List.of(), Duration.ofSeconds(120));

        assertThat(code).as(gateway.output()).isEqualTo(2);
        assertThat(gateway.outputLines()).as(gateway.output())
            .anySatisfy(line -> assertThat(line).contains("smime.ca.keystore").contains("clinic-ca.p12")
                .contains("wrong password or damaged file"));
        assertThat(gateway.output()).doesNotContain("not-the-password").doesNotContain("Exception in thread");
    }
}
