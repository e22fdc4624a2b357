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
import java.util.UUID;

import javax.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * Issue 4: the clinic's own CA instead of the built-in one ({@code smime.ca.keystore}), issuing P-256 certificates
 * ({@code smime.certificate.key = ec-p256}). The CA is made with openssl, as a clinic's IT would; the gateway
 * publishes it, issues the demo users' certificates from it, and stores mail encrypted to them (ECDH), which
 * openssl opens with the exported key. With {@code smime.sign.with = domain}, outgoing mail is signed by the domain's
 * key from that CA, and mail a partner gateway encrypted to the domain certificate is opened and stored encrypted to
 * the recipient. A wrong keystore password stops startup with one line naming the setting.
 * Database-independent: the Derby pass only.
 */
class ExistingCaIT {
    private static final Duration DELIVERY = Duration.ofSeconds(90);
    private static final String CA_PASSWORD = "clinic-ca-pass-1";
    private static final String EXPORT_PASSWORD = "export-pass-1";
    private static final ObjectMapper JSON = new ObjectMapper();

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
            .withEnv("GATEWAY_SMIME_CERTIFICATE_KEY", "ec-p256")
            .withEnv("GATEWAY_SMIME_SIGN_WITH", "domain").start();
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
        MailClients.Seen seen = MailClients.awaitInInbox(gateway.imapPort, "dr.grey@clinic.example", "demo", null, id, DELIVERY);
        assertThat(seen.contentType()).startsWith("application/pkcs7-mime");
        assertThat(new String(seen.raw(), StandardCharsets.UTF_8)).doesNotContain(marker);
        assertThat(openssl.decrypt(seen.raw(), grey[0], grey[1])).contains(marker);

        // The domain's own key (smime.sign.with = domain): mail to a correspondent with a certificate is signed by
        // CN=clinic.example, issued by the clinic's CA, and encrypted to the correspondent.
        Path domainPem = Files.writeString(work.resolve("clinic.example.pem"),
            JSON.readTree(admin.ok("GET", "/smime/domains/clinic.example", null)).path("pem").asText());
        Path[] partner = openssl.selfSigned("partner", "partner@other-hospital.example");
        admin.ok("PUT", "/smime/certificates", "{\"pem\":" + JSON.writeValueAsString(Files.readString(partner[1])) + "}");
        String outbound = UUID.randomUUID().toString();
        MailClients.submit(gateway.submissionPort, "dr.grey@clinic.example", "demo", MailClients.message(
            "dr.grey@clinic.example", "partner@other-hospital.example", "Referral", "Referral letter " + outbound));
        await().atMost(DELIVERY).until(() -> outside.getReceivedMessages().length > 0);
        byte[] wire = MailClients.raw(outside.getReceivedMessages()[0]);
        assertThat(new String(wire, StandardCharsets.UTF_8)).doesNotContain(outbound);
        byte[] signed = openssl.decrypt(wire, partner[0], partner[1]).getBytes(StandardCharsets.UTF_8);
        Path signer = work.resolve("signer.pem");
        String content = new String(openssl.run(signed, "cms", "-verify", "-CAfile", ca[1].toString(), "-purpose", "smimesign",
            "-signer", signer.toString()), StandardCharsets.UTF_8);
        assertThat(content).contains(outbound);
        assertThat(Files.readString(signer)).isEqualTo(Files.readString(domainPem));
        assertThat(new String(openssl.run(null, "x509", "-in", signer.toString(), "-noout", "-subject"), StandardCharsets.UTF_8))
            .contains("CN = clinic.example");

        // A partner gateway that encrypts to the domain (openssl, ECDH to the domain's P-256 key): the gateway opens
        // it with the domain key and stores it encrypted to the recipient.
        String inbound = UUID.randomUUID().toString();
        Path plain = Files.writeString(work.resolve("inbound.txt"),
            "Content-Type: text/plain; charset=us-ascii\r\n\r\nConsultation summary for our shared patient " + inbound + "\r\n");
        byte[] envelope = openssl.run(null, "cms", "-encrypt", "-aes256", "-in", plain.toString(),
            "-from", "consults@partner-hospital.example", "-to", "dr.grey@clinic.example", "-subject", "Consultation",
            domainPem.toString());
        MimeMessage encrypted = new MimeMessage(MailClients.session(), new ByteArrayInputStream(envelope));
        encrypted.saveChanges();
        String encryptedId = encrypted.getMessageID();
        MailClients.sendToMx(gateway.smtpPort, encrypted);
        MailClients.Seen stored = MailClients.awaitInInbox(gateway.imapPort, "dr.grey@clinic.example", "demo", null, encryptedId, DELIVERY);
        assertThat(stored.contentType()).startsWith("application/pkcs7-mime");
        assertThat(openssl.decrypt(stored.raw(), grey[0], grey[1])).contains(inbound);
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
