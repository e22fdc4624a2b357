package org.inbasket.gateway.portal.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.xml.parsers.DocumentBuilderFactory;

import org.apache.james.core.MailAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import com.sun.net.httpserver.HttpServer;

class MailClientAutoconfigTest {
    private static final MailClientAutoconfig.MailServers SERVERS =
        new MailClientAutoconfig.MailServers("mail.clinic.example", 2143, 2993, 2587);
    private final MailClientAutoconfig autoconfig = new MailClientAutoconfig(SERVERS, "Clinic Example",
        () -> List.of("clinic.example", "satellite.example"));
    private HttpServer server;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        MailClientAutoconfig.PATHS.forEach(path -> server.createContext(path, autoconfig));
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static String text(Element parent, String name) {
        NodeList nodes = parent.getElementsByTagNameNS("*", name);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent();
    }

    private static List<Element> elements(Document doc, String name) {
        NodeList nodes = doc.getElementsByTagNameNS("*", name);
        List<Element> result = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            result.add((Element) nodes.item(i));
        }
        return result;
    }

    private String summary(Element server) {
        return server.getAttribute("type") + " " + text(server, "hostname") + ":" + text(server, "port") + " "
            + text(server, "socketType") + " " + text(server, "authentication") + " " + text(server, "username");
    }

    @Test
    void thunderbirdShouldNameTheGatewayWithImapsImapAndSubmission() throws Exception {
        Document doc = parse(autoconfig.thunderbird(Optional.of(new MailAddress("dr.grey@clinic.example"))));

        assertThat(doc.getDocumentElement().getTagName()).isEqualTo("clientConfig");
        assertThat(doc.getDocumentElement().getAttribute("version")).isEqualTo("1.1");
        assertThat(text(doc.getDocumentElement(), "domain")).isEqualTo("clinic.example");
        assertThat(elements(doc, "incomingServer")).extracting(this::summary).containsExactly(
            "imap mail.clinic.example:2993 SSL password-cleartext %EMAILADDRESS%",
            "imap mail.clinic.example:2143 STARTTLS password-cleartext %EMAILADDRESS%");
        assertThat(elements(doc, "outgoingServer")).extracting(this::summary).containsExactly(
            "smtp mail.clinic.example:2587 STARTTLS password-cleartext %EMAILADDRESS%");
    }

    /** Regression: the {@code <domain>} element carried the host name (mail.clinic.example) without an address. */
    @Test
    void thunderbirdDomainsShouldBeTheMailDomainsNeverTheHostName() throws Exception {
        Document plain = parse(autoconfig.thunderbird(Optional.empty()));
        assertThat(elements(plain, "domain")).extracting(Element::getTextContent)
            .containsExactly("clinic.example", "satellite.example");
        assertThat(elements(plain, "emailProvider").get(0).getAttribute("id")).isEqualTo("clinic.example");

        Document satellite = parse(autoconfig.thunderbird(Optional.of(new MailAddress("dr.who@Satellite.example"))));
        assertThat(elements(satellite, "domain")).extracting(Element::getTextContent)
            .containsExactly("satellite.example", "clinic.example");
        assertThat(elements(satellite, "emailProvider").get(0).getAttribute("id")).isEqualTo("satellite.example");

        Document foreign = parse(autoconfig.thunderbird(Optional.of(new MailAddress("someone@elsewhere.example"))));
        assertThat(elements(foreign, "domain")).extracting(Element::getTextContent)
            .containsExactly("clinic.example", "satellite.example");
    }

    @Test
    void thunderbirdWithoutLocalDomainsShouldNameTheParentDomainOfTheHost() throws Exception {
        MailClientAutoconfig fresh = new MailClientAutoconfig(SERVERS, "Clinic Example", List::of);
        assertThat(elements(parse(fresh.thunderbird(Optional.empty())), "domain")).extracting(Element::getTextContent)
            .containsExactly("clinic.example");
    }

    @Test
    void outlookShouldAnswerImapOverTlsAndSmtpWithStarttlsForTheRequestedAddress() throws Exception {
        Document doc = parse(autoconfig.outlook(Optional.of(new MailAddress("dr.grey@clinic.example"))));

        assertThat(doc.getDocumentElement().getNamespaceURI()).isEqualTo(MailClientAutoconfig.AUTODISCOVER_RESPONSE);
        Element response = elements(doc, "Response").get(0);
        assertThat(response.getNamespaceURI()).isEqualTo(MailClientAutoconfig.OUTLOOK_RESPONSE);
        List<Element> protocols = elements(doc, "Protocol");
        assertThat(protocols).extracting(p -> text(p, "Type") + " " + text(p, "Server") + ":" + text(p, "Port") + " "
            + text(p, "Encryption") + " " + text(p, "LoginName") + " " + text(p, "SPA"))
            .containsExactly("IMAP mail.clinic.example:2993 SSL dr.grey@clinic.example off",
                "SMTP mail.clinic.example:2587 TLS dr.grey@clinic.example off");
    }

    @Test
    void handlerShouldServeBothThunderbirdPaths() throws Exception {
        for (String path : List.of("/.well-known/autoconfig/mail/config-v1.1.xml?emailaddress=dr.grey%40clinic.example",
            "/mail/config-v1.1.xml")) {
            HttpResponse<String> response = get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).contains("application/xml; charset=utf-8");
            assertThat(elements(parse(response.body()), "incomingServer")).hasSize(2);
        }
    }

    @Test
    void handlerShouldAnswerAnOutlookPoxRequest() throws Exception {
        String request = "<?xml version=\"1.0\" encoding=\"utf-8\"?><Autodiscover xmlns=\"http://schemas.microsoft"
            + ".com/exchange/autodiscover/outlook/requestschema/2006\"><Request><EMailAddress>nurse.joy@clinic.example"
            + "</EMailAddress><AcceptableResponseSchema>" + MailClientAutoconfig.OUTLOOK_RESPONSE
            + "</AcceptableResponseSchema></Request></Autodiscover>";
        HttpResponse<String> response = post("/autodiscover/autodiscover.xml", request);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(elements(parse(response.body()), "LoginName")).extracting(Element::getTextContent)
            .containsExactly("nurse.joy@clinic.example", "nurse.joy@clinic.example");
    }

    @Test
    void handlerShouldNotEchoSomethingThatIsNotAnAddress() throws Exception {
        HttpResponse<String> response = post("/autodiscover/autodiscover.xml",
            "<Autodiscover><Request><EMailAddress>&lt;script&gt;</EMailAddress></Request></Autodiscover>");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).doesNotContain("script");
        assertThat(elements(parse(response.body()), "LoginName")).isEmpty();
    }

    @Test
    void handlerShouldRefuseDoctypesAndOversizedBodies() throws Exception {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
            + "<Autodiscover><Request><EMailAddress>&x;</EMailAddress></Request></Autodiscover>";
        assertThat(post("/autodiscover/autodiscover.xml", xxe).body()).doesNotContain("root:");
        assertThat(post("/autodiscover/autodiscover.xml", "<a>" + "x".repeat(20_000) + "</a>").statusCode())
            .isEqualTo(400);
    }

    @Test
    void handlerShouldAnswer404BelowItsPathsAnd405ForOtherMethods() throws Exception {
        assertThat(get("/mail/config-v1.1.xml/../secret").statusCode()).isEqualTo(404);
        assertThat(post("/mail/config-v1.1.xml", "x").statusCode()).isEqualTo(405);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "text/xml")
            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }
}
