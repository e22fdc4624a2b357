package org.inbasket.gateway.portal.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import javax.mail.internet.AddressException;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.XMLStreamWriter;

import org.apache.james.core.MailAddress;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

/**
 * Mail client autoconfiguration on the portal's server, so a clinician types only address and password:
 * Thunderbird's autoconfig ({@code GET /.well-known/autoconfig/mail/config-v1.1.xml} and
 * {@code GET /mail/config-v1.1.xml}, the latter for an {@code autoconfig.<domain>} name) and Outlook's
 * POX autodiscover ({@code POST} or {@code GET /autodiscover/autodiscover.xml}). Both name the gateway's
 * {@code hostname}: IMAPS (implicit TLS) first, then IMAP with STARTTLS, and SMTP submission with STARTTLS;
 * the user name is the mail address, the password is sent inside TLS. Thunderbird's {@code <domain>} elements
 * are the gateway's local mail domains (the domains the configuration is for, as its autoconfig format says),
 * the requested address's domain first when it is one of them; never the server's host name.
 *
 * <p>SECURITY: public and unauthenticated, like every autoconfig service. The answer is the same for every
 * address (no user enumeration: it says nothing about whether the address exists); the address a client sends
 * is only echoed back after it parses as a mail address, and XML is written by a serializer. Request bodies
 * are limited to {@value #MAX_BODY} bytes and parsed without DTDs or external entities. Errors are generic.</p>
 */
public final class MailClientAutoconfig implements HttpHandler {
    static final int MAX_BODY = 16 * 1024;
    static final String AUTODISCOVER_RESPONSE = "http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006";
    static final String OUTLOOK_RESPONSE = "http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a";

    /** Where clients connect: the gateway's {@code hostname} and its IMAP, IMAPS and submission ports. */
    public record MailServers(String host, int imapPort, int imapsPort, int submissionPort) {
        public MailServers {
            Objects.requireNonNull(host, "host");
        }
    }

    private final MailServers servers;
    private final String displayName;
    private final Supplier<List<String>> mailDomains;

    /**
     * @param mailDomains the gateway's local mail domains (James's domain list), asked at each request
     */
    public MailClientAutoconfig(MailServers servers, String displayName, Supplier<List<String>> mailDomains) {
        this.servers = servers;
        this.displayName = displayName;
        this.mailDomains = Objects.requireNonNull(mailDomains, "mailDomains");
    }

    /** The paths to register on the portal's server (exact paths; anything below them answers 404). */
    public static final List<String> PATHS = List.of("/.well-known/autoconfig/mail/config-v1.1.xml",
        "/mail/config-v1.1.xml", "/autodiscover/autodiscover.xml", "/Autodiscover/Autodiscover.xml");

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (!PATHS.contains(path)) {
                send(exchange, 404, "text/plain; charset=utf-8", "Not found");
            } else if (path.endsWith("config-v1.1.xml")) {
                if (!method.equals("GET") && !method.equals("HEAD")) {
                    send(exchange, 405, "text/plain; charset=utf-8", "Method not allowed");
                    return;
                }
                Optional<MailAddress> address = address(query(exchange, "emailaddress"));
                send(exchange, 200, "application/xml; charset=utf-8", thunderbird(address));
            } else if (method.equals("POST")) {
                Optional<String> requested;
                try {
                    requested = emailAddressOf(readLimited(exchange.getRequestBody()));
                } catch (XMLStreamException | IOException e) {
                    send(exchange, 400, "text/plain; charset=utf-8", "Bad request");
                    return;
                }
                send(exchange, 200, "application/xml; charset=utf-8", outlook(address(requested)));
            } else if (method.equals("GET") || method.equals("HEAD")) {
                send(exchange, 200, "application/xml; charset=utf-8", outlook(address(query(exchange, "email"))));
            } else {
                send(exchange, 405, "text/plain; charset=utf-8", "Method not allowed");
            }
        }
    }

    /** Thunderbird's clientConfig 1.1. {@code %EMAILADDRESS%} is filled in by the client. */
    String thunderbird(Optional<MailAddress> address) {
        List<String> domains = domainsFor(address);
        return xml(w -> {
            w.writeStartElement("clientConfig");
            w.writeAttribute("version", "1.1");
            w.writeStartElement("emailProvider");
            w.writeAttribute("id", domains.get(0));
            for (String domain : domains) {
                element(w, "domain", domain);
            }
            element(w, "displayName", displayName);
            element(w, "displayShortName", displayName);
            server(w, "incomingServer", "imap", servers.imapsPort(), "SSL");
            server(w, "incomingServer", "imap", servers.imapPort(), "STARTTLS");
            server(w, "outgoingServer", "smtp", servers.submissionPort(), "STARTTLS");
            w.writeEndElement();
            w.writeEndElement();
        });
    }

    /**
     * The mail domains to list: the local domains, the requested address's first when it is local. Without any
     * local domain (a fresh installation) the requested address's domain, else the host name's parent domain.
     */
    List<String> domainsFor(Optional<MailAddress> address) {
        List<String> local = new ArrayList<>();
        for (String domain : mailDomains.get()) {
            String normalized = domain.toLowerCase(Locale.ROOT);
            if (!local.contains(normalized)) {
                local.add(normalized);
            }
        }
        Optional<String> requested = address.map(a -> a.getDomain().asString().toLowerCase(Locale.ROOT));
        if (local.isEmpty()) {
            return List.of(requested.orElseGet(() -> parentDomain(servers.host())));
        }
        if (requested.isPresent() && local.remove(requested.get())) {
            local.add(0, requested.get());
        }
        return local;
    }

    private static String parentDomain(String host) {
        int dot = host.indexOf('.');
        return dot > 0 && host.indexOf('.', dot + 1) > 0 ? host.substring(dot + 1) : host;
    }

    private void server(XMLStreamWriter w, String element, String type, int port, String socketType)
        throws XMLStreamException {
        w.writeStartElement(element);
        w.writeAttribute("type", type);
        element(w, "hostname", servers.host());
        element(w, "port", Integer.toString(port));
        element(w, "socketType", socketType);
        element(w, "authentication", "password-cleartext");
        element(w, "username", "%EMAILADDRESS%");
        w.writeEndElement();
    }

    /** Outlook's POX autodiscover answer (responseschema 2006a): IMAP over implicit TLS and SMTP with STARTTLS. */
    String outlook(Optional<MailAddress> address) {
        return xml(w -> {
            w.writeStartElement("Autodiscover");
            w.writeDefaultNamespace(AUTODISCOVER_RESPONSE);
            w.writeStartElement("Response");
            w.writeDefaultNamespace(OUTLOOK_RESPONSE);
            w.writeStartElement("Account");
            element(w, "AccountType", "email");
            element(w, "Action", "settings");
            w.writeStartElement("Protocol");
            element(w, "Type", "IMAP");
            element(w, "Server", servers.host());
            element(w, "Port", Integer.toString(servers.imapsPort()));
            element(w, "DomainRequired", "off");
            if (address.isPresent()) {
                element(w, "LoginName", address.get().asString());
            }
            element(w, "SPA", "off");
            element(w, "SSL", "on");
            element(w, "Encryption", "SSL");
            element(w, "AuthRequired", "on");
            w.writeEndElement();
            w.writeStartElement("Protocol");
            element(w, "Type", "SMTP");
            element(w, "Server", servers.host());
            element(w, "Port", Integer.toString(servers.submissionPort()));
            element(w, "DomainRequired", "off");
            if (address.isPresent()) {
                element(w, "LoginName", address.get().asString());
            }
            element(w, "SPA", "off");
            element(w, "SSL", "on");
            element(w, "Encryption", "TLS");
            element(w, "AuthRequired", "on");
            element(w, "UsePOPAuth", "off");
            element(w, "SMTPLast", "off");
            w.writeEndElement();
            w.writeEndElement();
            w.writeEndElement();
            w.writeEndElement();
        });
    }

    /** The {@code EMailAddress} of an Outlook POX request, if any. */
    static Optional<String> emailAddressOf(byte[] body) throws XMLStreamException {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        XMLStreamReader reader = factory.createXMLStreamReader(new java.io.ByteArrayInputStream(body));
        try {
            while (reader.hasNext()) {
                if (reader.next() == XMLStreamConstants.START_ELEMENT && reader.getLocalName().equals("EMailAddress")) {
                    return Optional.of(reader.getElementText().strip());
                }
            }
            return Optional.empty();
        } finally {
            reader.close();
        }
    }

    private static Optional<MailAddress> address(Optional<String> value) {
        if (value.isEmpty() || value.get().length() > 254) {
            return Optional.empty();
        }
        try {
            return Optional.of(new MailAddress(value.get()));
        } catch (AddressException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> query(HttpExchange exchange, String name) {
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw == null) {
            return Optional.empty();
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equalsIgnoreCase(name)) {
                try {
                    return Optional.of(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8).strip());
                } catch (IllegalArgumentException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private static byte[] readLimited(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
            throw new IOException("request body too large");
        }
        return body;
    }

    private interface XmlBody {
        void write(XMLStreamWriter writer) throws XMLStreamException;
    }

    private static String xml(XmlBody body) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            w.writeStartDocument("UTF-8", "1.0");
            body.write(w);
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write autoconfiguration XML", e);
        }
        return out.toString();
    }

    private static void element(XMLStreamWriter w, String name, String text) throws XMLStreamException {
        w.writeStartElement(name);
        w.writeCharacters(text);
        w.writeEndElement();
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
