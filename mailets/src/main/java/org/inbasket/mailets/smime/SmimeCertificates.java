package org.inbasket.mailets.smime;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;

/**
 * Certificate helpers for S/MIME: addresses a certificate names, fitness for signing and encryption
 * (RFC 8550), fingerprints, PEM and DER reading and writing.
 */
public final class SmimeCertificates {
    private static final int KU_DIGITAL_SIGNATURE = 0;
    private static final int KU_NON_REPUDIATION = 1;
    private static final int KU_KEY_ENCIPHERMENT = 2;
    private static final int KU_KEY_AGREEMENT = 4;
    private static final int SAN_RFC822_NAME = 1;
    private static final String EKU_EMAIL_PROTECTION = KeyPurposeId.id_kp_emailProtection.getId();
    private static final String EKU_ANY = KeyPurposeId.anyExtendedKeyUsage.getId();

    private SmimeCertificates() {
    }

    /**
     * The e-mail addresses a certificate is issued to: its rfc822Name subject alternative names, then any
     * emailAddress attribute of its subject (deprecated, still used by older CAs). Lower-cased, no duplicates.
     */
    public static List<String> emailAddresses(X509Certificate certificate) {
        Set<String> addresses = new LinkedHashSet<>();
        try {
            Collection<List<?>> names = certificate.getSubjectAlternativeNames();
            if (names != null) {
                for (List<?> name : names) {
                    if (name.size() == 2 && Integer.valueOf(SAN_RFC822_NAME).equals(name.get(0))
                        && name.get(1) instanceof String address) {
                        addresses.add(normalizeAddress(address));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // a broken SAN extension names no address
        }
        try {
            X500Name subject = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
            for (RDN rdn : subject.getRDNs()) {
                for (AttributeTypeAndValue value : rdn.getTypesAndValues()) {
                    if (PKCSObjectIdentifiers.pkcs_9_at_emailAddress.equals(value.getType())) {
                        ASN1Encodable encodable = value.getValue();
                        if (encodable instanceof ASN1String string) {
                            addresses.add(normalizeAddress(string.getString()));
                        }
                    }
                }
            }
        } catch (IllegalArgumentException e) {
            // an unparseable subject names no address
        }
        addresses.removeIf(String::isEmpty);
        return List.copyOf(addresses);
    }

    /** Addresses are compared case-insensitively and without surrounding blanks. */
    public static String normalizeAddress(String address) {
        return address.trim().toLowerCase(Locale.ROOT);
    }

    /** @return true when {@code at} lies within the certificate's notBefore..notAfter */
    public static boolean isValidAt(X509Certificate certificate, Instant at) {
        return !at.isBefore(certificate.getNotBefore().toInstant()) && !at.isAfter(certificate.getNotAfter().toInstant());
    }

    /** @return true for a CA certificate (basic constraints with cA=true) */
    public static boolean isCertificateAuthority(X509Certificate certificate) {
        return certificate.getBasicConstraints() >= 0;
    }

    /**
     * A certificate we may encrypt to: an end-entity RSA key allowed keyEncipherment, or an EC key allowed
     * keyAgreement (when the key usage extension is present), and the emailProtection (or any) extended
     * key usage when that extension is present (RFC 8550 section 4.4). Validity dates are not checked here.
     */
    public static boolean isFitForEncryption(X509Certificate certificate) {
        if (isCertificateAuthority(certificate) || !allowsEmailProtection(certificate)) {
            return false;
        }
        PublicKey key = certificate.getPublicKey();
        boolean[] usage = certificate.getKeyUsage();
        if (key instanceof RSAPublicKey) {
            return usage == null || usage[KU_KEY_ENCIPHERMENT];
        }
        if (key instanceof ECPublicKey) {
            return usage == null || usage[KU_KEY_AGREEMENT];
        }
        return false;
    }

    /**
     * A certificate that may sign e-mail: digitalSignature or nonRepudiation when key usage is present,
     * emailProtection (or any) when extended key usage is present; not a CA certificate.
     */
    public static boolean isFitForSigning(X509Certificate certificate) {
        if (isCertificateAuthority(certificate) || !allowsEmailProtection(certificate)) {
            return false;
        }
        boolean[] usage = certificate.getKeyUsage();
        return usage == null || usage[KU_DIGITAL_SIGNATURE] || usage[KU_NON_REPUDIATION];
    }

    /** @return false only when an extended key usage extension is present without emailProtection or any */
    public static boolean allowsEmailProtection(X509Certificate certificate) {
        try {
            List<String> purposes = certificate.getExtendedKeyUsage();
            return purposes == null || purposes.contains(EKU_EMAIL_PROTECTION) || purposes.contains(EKU_ANY);
        } catch (CertificateParsingException e) {
            return false;
        }
    }

    /** @return the lower-case hex SHA-256 of the DER encoding */
    public static String fingerprint(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot fingerprint a certificate", e);
        }
    }

    /** Parses one DER or PEM certificate. */
    public static X509Certificate parse(byte[] derOrPem) throws CertificateException {
        try (InputStream in = new ByteArrayInputStream(derOrPem)) {
            return (X509Certificate) factory().generateCertificate(in);
        } catch (IOException e) {
            throw new CertificateException("unreadable certificate", e);
        }
    }

    /** Converts a Bouncy Castle certificate holder to a JCA certificate. */
    public static X509Certificate toX509(X509CertificateHolder holder) throws CertificateException {
        try {
            return parse(holder.getEncoded());
        } catch (IOException e) {
            throw new CertificateException("unreadable certificate", e);
        }
    }

    /** @return every certificate in a PEM text (other PEM objects are skipped) */
    public static List<X509Certificate> readPemCertificates(String pem) throws CertificateException {
        List<X509Certificate> certificates = new ArrayList<>();
        for (Object object : readPemObjects(new StringReader(pem))) {
            if (object instanceof X509CertificateHolder holder) {
                certificates.add(toX509(holder));
            }
        }
        return certificates;
    }

    /** @return every CRL in a PEM text (other PEM objects are skipped) */
    public static List<X509CRL> readPemCrls(String pem) throws CertificateException {
        List<X509CRL> crls = new ArrayList<>();
        for (Object object : readPemObjects(new StringReader(pem))) {
            if (object instanceof X509CRLHolder holder) {
                crls.add(parseCrl(encoded(holder)));
            }
        }
        return crls;
    }

    /** Parses one DER or PEM CRL. */
    public static X509CRL parseCrl(byte[] derOrPem) throws CertificateException {
        try (InputStream in = new ByteArrayInputStream(derOrPem)) {
            return (X509CRL) factory().generateCRL(in);
        } catch (IOException | java.security.cert.CRLException e) {
            throw new CertificateException("unreadable CRL", e);
        }
    }

    /** @return PEM text of certificates, CRLs or keys (anything JcaPEMWriter writes) */
    public static String toPem(Object... objects) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            for (Object object : objects) {
                writer.writeObject(object);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    /** Reads certificates from a file's bytes: PEM (any number) or one DER certificate. */
    public static List<X509Certificate> readCertificates(byte[] content) throws CertificateException {
        String text = new String(content, StandardCharsets.US_ASCII);
        if (text.contains("-----BEGIN")) {
            return readPemCertificates(text);
        }
        return List.of(parse(content));
    }

    private static List<Object> readPemObjects(Reader reader) throws CertificateException {
        List<Object> objects = new ArrayList<>();
        try (PEMParser parser = new PEMParser(reader)) {
            Object object;
            while ((object = parser.readObject()) != null) {
                objects.add(object);
            }
        } catch (IOException | RuntimeException e) {
            throw new CertificateException("unreadable PEM: " + e.getMessage(), e);
        }
        return objects;
    }

    private static byte[] encoded(X509CRLHolder holder) throws CertificateException {
        try {
            return holder.getEncoded();
        } catch (IOException e) {
            throw new CertificateException("unreadable CRL", e);
        }
    }

    private static CertificateFactory factory() throws CertificateException {
        return CertificateFactory.getInstance("X.509");
    }
}
