package org.inbasket.gateway.admin;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.core.Domain;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;
import org.apache.james.webadmin.Routes;
import org.inbasket.gateway.services.CertificateProvisioning;
import org.inbasket.mailets.smime.Pkcs12;
import org.inbasket.mailets.smime.SmimeCertificates;
import org.inbasket.mailets.smime.SmimeException;
import org.inbasket.mailets.smime.SmimeIdentity;
import org.inbasket.mailets.smime.ca.CertificateAuthority;
import org.inbasket.mailets.smime.ca.RevocationReason;
import org.inbasket.mailets.smime.directory.CertificateDirectory;

import spark.Request;
import spark.Response;
import spark.Service;

/**
 * {@code /smime}: certificates of local users and the built-in CA. List, issue, export PKCS#12 (password in the
 * JSON body, never in the URL), import a correspondent's certificate, revoke, certificates expiring soon, the CA
 * certificate and its CRL, and the local domains' certificates ({@code /smime/domains/DOMAIN}).
 */
public final class CertificateRoutes implements Routes {
    static final String BASE = "/smime";

    private final CertificateProvisioning provisioning;
    private final CertificateAuthority authority;
    private final CertificateDirectory certificates;
    private final DomainList domains;

    @Inject
    public CertificateRoutes(CertificateProvisioning provisioning, CertificateDirectory certificates, DomainList domains) {
        this.provisioning = provisioning;
        this.authority = provisioning.authority();
        this.certificates = certificates;
        this.domains = domains;
    }

    @Override
    public String getBasePath() {
        return BASE;
    }

    @Override
    public void define(Service service) {
        service.get(BASE + "/certificates/:address", this::list);
        service.post(BASE + "/certificates/:address", this::issue);
        service.put(BASE + "/certificates", this::importCertificate);
        service.post(BASE + "/certificates/:address/pkcs12", this::exportPkcs12);
        service.delete(BASE + "/certificates/:address/:serial", this::revoke);
        service.get(BASE + "/expiring", this::expiring);
        service.get(BASE + "/ca.pem", (request, response) -> {
            response.type("application/x-pem-file");
            return SmimeCertificates.toPem(authority.certificate());
        });
        service.get(BASE + "/crl.pem", this::crl);
        service.get(BASE + "/domains/:domain", this::domain);
        service.post(BASE + "/domains/:domain", this::issueDomain);
    }

    /** The local domain's current certificate (described, and as PEM for partner gateways). */
    private String domain(Request request, Response response) {
        String domain = request.params("domain");
        Optional<SmimeIdentity> identity = provisioning.currentIdentity(domain);
        if (identity.isEmpty()) {
            throw AdminJson.notFound("no domain key for " + domain);
        }
        return domainAnswer(identity.get(), response);
    }

    /**
     * A new domain key and certificate from the built-in CA (renewal); the old key stays to decrypt old mail. Only
     * for local domains: a key for another organisation's domain would let the gateway sign in its name.
     */
    private String issueDomain(Request request, Response response) {
        String domain = request.params("domain");
        String refused = "cannot issue a domain certificate for " + domain + ": ";
        Domain parsed;
        try {
            parsed = Domain.of(domain);
        } catch (IllegalArgumentException e) {
            throw AdminJson.badRequest(refused + "'" + domain + "' is not a domain name");
        }
        try {
            if (!domains.containsDomain(parsed)) {
                throw AdminJson.badRequest(refused + "not a local domain");
            }
            SmimeIdentity identity = provisioning.issueDomain(domain);
            response.status(201);
            return domainAnswer(identity, response);
        } catch (SmimeException | IllegalArgumentException e) {
            throw AdminJson.badRequest(refused + e.getMessage());
        } catch (DomainListException e) {
            throw AdminJson.serverError("cannot read the domain list", e);
        }
    }

    private static String domainAnswer(SmimeIdentity identity, Response response) {
        Map<String, Object> answer = new java.util.LinkedHashMap<>(describe(identity.certificate()));
        answer.put("pem", SmimeCertificates.toPem(identity.certificate()));
        response.type(AdminJson.TYPE);
        return AdminJson.write(answer);
    }

    private String list(Request request, Response response) {
        String address = request.params("address");
        response.type(AdminJson.TYPE);
        return AdminJson.write(certificates.list(address).stream().map(CertificateRoutes::describe).toList());
    }

    private String issue(Request request, Response response) {
        String address = request.params("address");
        try {
            SmimeIdentity identity = provisioning.issue(address);
            response.status(201);
            response.type(AdminJson.TYPE);
            return AdminJson.write(describe(identity.certificate()));
        } catch (SmimeException | IllegalArgumentException e) {
            throw AdminJson.badRequest("cannot issue a certificate for " + address + ": " + e.getMessage());
        }
    }

    private String importCertificate(Request request, Response response) {
        Object pem = AdminJson.body(request).get("pem");
        if (!(pem instanceof String text)) {
            throw AdminJson.badRequest("expected {\"pem\": \"-----BEGIN CERTIFICATE-----...\"}");
        }
        try {
            X509Certificate certificate = SmimeCertificates.parse(text.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            List<String> addresses = certificates.add(certificate);
            response.type(AdminJson.TYPE);
            return AdminJson.write(Map.of("addresses", addresses, "certificate", describe(certificate)));
        } catch (java.security.cert.CertificateException | IllegalArgumentException e) {
            throw AdminJson.badRequest("not a usable certificate: " + e.getMessage());
        }
    }

    private Object exportPkcs12(Request request, Response response) {
        String address = request.params("address");
        Map<String, Object> body = AdminJson.body(request);
        Object password = body.get("password");
        if (!(password instanceof String secret) || secret.length() < 8) {
            throw AdminJson.badRequest("expected {\"password\": \"at least 8 characters\", \"profile\": \"modern|legacy\"}");
        }
        Pkcs12.Profile profile = "legacy".equals(body.get("profile")) ? Pkcs12.Profile.LEGACY : Pkcs12.Profile.MODERN;
        Optional<SmimeIdentity> identity = provisioning.currentIdentity(address);
        if (identity.isEmpty()) {
            throw AdminJson.notFound("no key for " + address);
        }
        try {
            byte[] pkcs12 = CertificateAuthority.exportPkcs12(identity.get(), secret.toCharArray(), profile);
            response.type("application/x-pkcs12");
            response.header("Content-Disposition", "attachment; filename=\"" + address.replaceAll("[^A-Za-z0-9@._-]", "_") + ".p12\"");
            return pkcs12;
        } catch (SmimeException e) {
            throw AdminJson.serverError("cannot export the key of " + address, e);
        }
    }

    private String revoke(Request request, Response response) {
        String address = request.params("address");
        BigInteger serial;
        try {
            serial = new BigInteger(request.params("serial"), 16);
        } catch (NumberFormatException e) {
            throw AdminJson.badRequest("the serial number is hexadecimal");
        }
        try {
            boolean revoked = authority.revoke(serial, RevocationReason.UNSPECIFIED);
            certificates.list(address).stream().filter(c -> c.getSerialNumber().equals(serial))
                .forEach(certificates::remove);
            authority.generateCrl();
            response.type(AdminJson.TYPE);
            return AdminJson.write(Map.of("serial", serial.toString(16), "revoked", revoked));
        } catch (SmimeException e) {
            throw AdminJson.serverError("cannot revoke " + serial.toString(16), e);
        }
    }

    private String expiring(Request request, Response response) {
        int days;
        try {
            days = Integer.parseInt(Optional.ofNullable(request.queryParams("days")).orElse("30"));
        } catch (NumberFormatException e) {
            throw AdminJson.badRequest("days must be a whole number");
        }
        try {
            response.type(AdminJson.TYPE);
            return AdminJson.write(authority.expiringWithin(Duration.ofDays(days)).stream()
                .map(CertificateRoutes::describe).toList());
        } catch (SmimeException e) {
            throw AdminJson.serverError("cannot list expiring certificates", e);
        }
    }

    private String crl(Request request, Response response) {
        try {
            response.type("application/x-pem-file");
            return SmimeCertificates.toPem(authority.generateCrl());
        } catch (SmimeException e) {
            throw AdminJson.serverError("cannot publish the CRL", e);
        }
    }

    static Map<String, Object> describe(X509Certificate certificate) {
        return Map.of(
            "serial", certificate.getSerialNumber().toString(16),
            "subject", certificate.getSubjectX500Principal().getName(),
            "addresses", SmimeCertificates.emailAddresses(certificate),
            "notBefore", certificate.getNotBefore().toInstant().toString(),
            "notAfter", certificate.getNotAfter().toInstant().toString(),
            "sha256", SmimeCertificates.fingerprint(certificate));
    }

}
