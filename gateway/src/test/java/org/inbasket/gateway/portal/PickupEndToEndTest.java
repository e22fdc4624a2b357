package org.inbasket.gateway.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.mail.Folder;
import javax.mail.Message;
import javax.mail.Session;
import javax.mail.Store;
import javax.mail.internet.MimeMessage;
import javax.sql.DataSource;

import org.apache.james.core.MailAddress;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.inbasket.mailets.pickup.StoreForPickup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;

/**
 * Clinician mail to a patient, through the StoreForPickup mailet and the JDBC store on Derby, to a notification at
 * the patient's mail provider (GreenMail), pickup on the portal, and the patient's reply arriving in the
 * clinician's IMAP inbox.
 */
class PickupEndToEndTest {
    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(
        com.icegreen.greenmail.util.ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP));

    static final String SUBJECT = "Your biopsy result";
    static final String BODY = "The lesion on your shoulder is benign.";
    static final String FILE = "pathology-report.pdf";

    PortalFixture fixture;
    SmtpSubmitter smtp;

    @BeforeEach
    void setUp() throws Exception {
        DataSource dataSource = TestDatabases.migratedDerby();
        smtp = new SmtpSubmitter("127.0.0.1", greenMail.getSmtp().getPort());
        fixture = PortalFixture.jdbc(dataSource, Map.of(), smtp, false);
        greenMail.setUser("doctor@clinic.example", "doctor@clinic.example", "doctor-pw");
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    static String raw(MimeMessage message) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    MimeMessage latestFor(String address, int count) {
        assertThat(greenMail.waitForIncomingEmail(10_000, count)).isTrue();
        MimeMessage[] messages = greenMail.getReceivedMessages();
        MimeMessage found = null;
        for (MimeMessage message : messages) {
            try {
                if (message.getAllRecipients()[0].toString().equals(address)) {
                    found = message;
                }
            } catch (javax.mail.MessagingException e) {
                throw new AssertionError(e);
            }
        }
        assertThat(found).as("mail for " + address).isNotNull();
        return found;
    }

    @Test
    void clinicianMailShouldBePickedUpAndAnsweredWithoutHealthInformationLeaving() throws Exception {
        FakeMailContext context = FakeMailContext.builder().build();
        StoreForPickup mailet = new StoreForPickup(fixture.portal.pickupStore(), fixture.portal.notifications());
        mailet.init(FakeMailetConfig.builder().mailetName("StoreForPickup").mailetContext(context).build());
        MimeMessage original = MimeMessageBuilder.mimeMessageBuilder()
            .setSubject(SUBJECT).addFrom("doctor@clinic.example").addToRecipient("pat@patientmail.example")
            .setMultipartWithBodyParts(MimeMessageBuilder.bodyPartBuilder().data(BODY),
                MimeMessageBuilder.bodyPartBuilder().data("%PDF-1.4 pathology".getBytes(StandardCharsets.US_ASCII))
                    .type("application/pdf").filename(FILE).disposition("attachment"))
            .build();
        original.setHeader("Message-ID", "<biopsy-1@clinic.example>");
        Mail mail = FakeMail.builder().name("m1").sender("doctor@clinic.example")
            .recipient("pat@patientmail.example").mimeMessage(original).build();

        mailet.service(mail);

        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
        FakeMailContext.SentMail relayed = context.getSentMails().get(0);
        smtp.send(relayed.getSender(), relayed.getRecipients(), relayed.getMsg());
        MimeMessage notification = latestFor("pat@patientmail.example", 1);
        String notificationText = raw(notification);
        assertThat(notification.getSubject()).isEqualTo("You have a new secure message from Riverside Family Clinic");
        assertThat(notificationText).doesNotContain("biopsy").doesNotContain("benign").doesNotContain("pathology")
            .doesNotContain("lesion");
        Matcher link = Pattern.compile(Pattern.quote(fixture.baseUrl()) + "(/m/[A-Za-z0-9_-]{43})")
            .matcher(notificationText);
        assertThat(link.find()).isTrue();

        WebClient browser = fixture.client();
        assertThat(browser.get(link.group(1)).statusCode()).isEqualTo(200);
        assertThat(WebClient.location(browser.submit(link.group(1), Map.of()))).isEqualTo("/code");
        String code = PortalPages.codeIn(latestFor("pat@patientmail.example", 2));
        browser.get("/code");
        assertThat(WebClient.location(browser.submit("/code", Map.of("code", code)))).isEqualTo("/password");
        browser.get("/password");
        HttpResponse<byte[]> loggedIn = browser.submit("/password", Map.of("password", "a quiet green river",
            "confirm", "a quiet green river"));
        String conversation = WebClient.location(loggedIn).replaceFirst("#.*", "");
        String page = WebClient.text(browser.get(conversation));
        assertThat(page).contains(BODY).contains(FILE);
        HttpResponse<byte[]> pdf = browser.get(page.replaceFirst("(?s).*href=\"(/attachments/[^\"]+)\".*", "$1"));
        assertThat(new String(pdf.body(), StandardCharsets.US_ASCII)).isEqualTo("%PDF-1.4 pathology");

        HttpResponse<byte[]> sent = browser.multipart(conversation + "/reply",
            Map.of("csrf", browser.csrf(), "message", "Thank you, doctor."), java.util.List.of());
        assertThat(sent.statusCode()).isEqualTo(303);

        assertThat(greenMail.waitForIncomingEmail(10_000, 3)).isTrue();
        Properties properties = new Properties();
        Store store = Session.getInstance(properties).getStore("imap");
        store.connect("127.0.0.1", greenMail.getImap().getPort(), "doctor@clinic.example", "doctor-pw");
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            Message[] inboxMessages = inbox.getMessages();
            assertThat(inboxMessages).hasSize(1);
            Message reply = inboxMessages[0];
            assertThat(reply.getSubject()).isEqualTo("Re: " + SUBJECT);
            assertThat(reply.getHeader("X-Inbasket-Portal-Verified")).containsExactly("pat@patientmail.example");
            assertThat(reply.getHeader("In-Reply-To")).containsExactly("<biopsy-1@clinic.example>");
            assertThat(reply.getContent().toString()).contains("Thank you, doctor.");
            inbox.close(false);
        } finally {
            store.close();
        }
    }
}
