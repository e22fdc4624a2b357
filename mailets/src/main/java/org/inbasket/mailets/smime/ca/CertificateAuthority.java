package org.inbasket.mailets.smime.ca;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.inbasket.mailets.smime.CryptoProvider;
import org.inbasket.mailets.smime.KeyAlgorithm;
import org.inbasket.mailets.smime.Pkcs12;
import org.inbasket.mailets.smime.SafeFiles;
import org.inbasket.mailets.smime.SmimeCertificates;
import org.inbasket.mailets.smime.SmimeException;
import org.inbasket.mailets.smime.SmimeIdentity;

/**
 * The gateway's own certificate authority: issues S/MIME certificates to local users, revokes them and
 * publishes a CRL.
 *
 * <p>State folder layout (all under one folder, back it up with the password):</p>
 * <ul>
 *   <li>{@code ca.p12}: the CA key and certificate, PKCS#12 ({@link Pkcs12.Profile#MODERN}) under the CA
 *       password; created at first use by {@link #openOrCreate}, or absent when an existing CA is
 *       configured ({@link #openExisting});</li>
 *   <li>{@code ca.pem}: the CA certificate, public: a trust anchor for the gateway and for mail clients;</li>
 *   <li>{@code issued/<serial>.pem}: every certificate issued; {@code revoked/<serial>.properties}: when
 *       and why one was revoked;</li>
 *   <li>{@code crl.pem} and {@code crl-number}: the last CRL generated and its number.</li>
 * </ul>
 *
 * <p>Issued certificates (RFC 8550): subject {@code CN=<address>}, the address as rfc822Name subject
 * alternative name, extended key usage emailProtection, key usage digitalSignature with keyEncipherment
 * (RSA) or keyAgreement (EC: RFC 5480 forbids keyEncipherment for EC keys), not a CA, 128-bit random
 * serial, valid from five minutes ago (clock skew) for the configured time but never beyond the CA.</p>
 *
 * <p>SECURITY: the CA key can mint certificates every local mail client trusts. The state folder must be
 * readable by the gateway only (key files are written {@code rw-------}); the password belongs in the
 * gateway's configuration, not next to the key. Thread-safe: state-changing methods are synchronized; run
 * one gateway per state folder.</p>
 */
public final class CertificateAuthority {
    static final String CA_KEYSTORE = "ca.p12";
    static final String CA_CERTIFICATE = "ca.pem";
    static final String CRL = "crl.pem";
    static final String CRL_NUMBER = "crl-number";
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path stateDirectory;
    private final PrivateKey caKey;
    private final X509Certificate caCertificate;
    private final CertificateAuthoritySettings settings;
    private final Clock clock;

    private CertificateAuthority(Path stateDirectory, SmimeIdentity ca, CertificateAuthoritySettings settings, Clock clock)
        throws SmimeException {
        this.stateDirectory = stateDirectory;
        this.caKey = ca.privateKey();
        this.caCertificate = ca.certificate();
        this.settings = settings;
        this.clock = clock;
        try {
            Files.createDirectories(stateDirectory.resolve("issued"));
            Files.createDirectories(stateDirectory.resolve("revoked"));
            SafeFiles.writeAtomically(stateDirectory.resolve(CA_CERTIFICATE),
                SmimeCertificates.toPem(caCertificate).getBytes(StandardCharsets.US_ASCII), false);
        } catch (IOException e) {
            throw new SmimeException("cannot prepare the CA folder " + stateDirectory + ": " + e.getMessage(), e);
        }
    }

    /**
     * Opens the CA kept in {@code directory/ca.p12}, or creates one there (key, self-signed certificate) when
     * the file does not exist yet.
     *
     * @throws SmimeException naming the file when it exists but the password is wrong or it is damaged
     */
    public static CertificateAuthority openOrCreate(Path directory, char[] password, CertificateAuthoritySettings settings, Clock clock)
        throws SmimeException {
        Objects.requireNonNull(settings, "settings");
        Path keystore = directory.resolve(CA_KEYSTORE);
        if (Files.exists(keystore)) {
            return new CertificateAuthority(directory, loadCa(keystore, password), settings, clock);
        }
        SmimeIdentity created = createCa(settings, clock);
        try {
            SafeFiles.writeAtomically(keystore, Pkcs12.write(created, password, "Inbasket S/MIME CA"), true);
        } catch (IOException e) {
            throw new SmimeException("cannot write the CA keystore " + keystore + ": " + e.getMessage(), e);
        }
        return new CertificateAuthority(directory, created, settings, clock);
    }

    /**
     * Uses an existing CA (for example the clinic's own intermediate CA) from a PKCS#12 file; the CA's
     * records (issued, revoked, CRL) are kept in {@code stateDirectory}.
     *
     * @throws SmimeException naming the file when it cannot be read or holds no CA key
     */
    public static CertificateAuthority openExisting(Path pkcs12File, char[] password, Path stateDirectory,
                                                    CertificateAuthoritySettings settings, Clock clock) throws SmimeException {
        return new CertificateAuthority(stateDirectory, loadCa(pkcs12File, password), settings, clock);
    }

    private static SmimeIdentity loadCa(Path keystore, char[] password) throws SmimeException {
        byte[] content;
        try {
            content = Files.readAllBytes(keystore);
        } catch (IOException e) {
            throw new SmimeException("cannot read the CA keystore " + keystore + ": " + e.getMessage(), e);
        }
        List<SmimeIdentity> identities;
        try {
            identities = Pkcs12.read(content, password);
        } catch (SmimeException e) {
            throw new SmimeException("cannot open the CA keystore " + keystore + ": wrong password or damaged file", e);
        }
        return identities.stream()
            .filter(identity -> SmimeCertificates.isCertificateAuthority(identity.certificate()))
            .filter(identity -> identity.certificate().getKeyUsage() == null || identity.certificate().getKeyUsage()[5])
            .findFirst()
            .orElseThrow(() -> new SmimeException("the keystore " + keystore + " holds no CA key allowed to sign certificates"));
    }

    private static SmimeIdentity createCa(CertificateAuthoritySettings settings, Clock clock) throws SmimeException {
        KeyPair keys = settings.caKeyAlgorithm().generate();
        Instant now = clock.instant();
        X500Name subject = new X500Name(settings.caSubject());
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(),
                Date.from(now.minus(CLOCK_SKEW)), Date.from(now.plus(settings.caValidity())), subject, keys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature))
                .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(keys.getPublic()));
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(builder.build(signer(keys.getPrivate())));
            return SmimeIdentity.of(keys.getPrivate(), certificate);
        } catch (GeneralSecurityException | CertIOException | OperatorCreationException e) {
            throw new SmimeException("cannot create the CA certificate: " + e.getMessage(), e);
        }
    }

    /** @return the CA certificate, to be trusted by the gateway and imported by mail clients */
    public X509Certificate certificate() {
        return caCertificate;
    }

    /** @return the folder holding the CA's records */
    public Path stateDirectory() {
        return stateDirectory;
    }

    public CertificateAuthoritySettings settings() {
        return settings;
    }

    /** Issues a certificate with a new key of the configured default type. */
    public SmimeIdentity issue(String address) throws SmimeException {
        return issue(address, settings.certificateKeyAlgorithm());
    }

    /**
     * Issues an S/MIME certificate for an address, with a new key.
     *
     * @return the new key with its chain (certificate, CA certificate); the caller stores the key
     * @throws SmimeException when the address is not a plausible e-mail address or the CA has expired
     */
    public synchronized SmimeIdentity issue(String address, KeyAlgorithm keyAlgorithm) throws SmimeException {
        String normalized = SmimeCertificates.normalizeAddress(address);
        if (!normalized.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+") || normalized.length() > 320) {
            throw new SmimeException("'" + address + "' is not an e-mail address");
        }
        return issue(normalized, new GeneralNames(new GeneralName(GeneralName.rfc822Name, normalized)), keyAlgorithm);
    }

    /**
     * Issues the certificate of a local domain's own key, for signing on behalf of the domain and for partner
     * gateways that encrypt to the domain rather than to each person: subject {@code CN=<domain>}, subject
     * alternative names {@code postmaster@<domain>} and the domain's DNS name, emailProtection.
     *
     * @return the new key with its chain; the caller stores it under the bare domain name
     * @throws SmimeException when the name is not a plausible domain or the CA has expired
     */
    public synchronized SmimeIdentity issueDomain(String domain) throws SmimeException {
        String normalized = domain.trim().toLowerCase(java.util.Locale.ROOT);
        if (!normalized.matches("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+") || normalized.length() > 253) {
            throw new SmimeException("'" + domain + "' is not a domain name");
        }
        return issue(normalized, new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.rfc822Name, "postmaster@" + normalized),
            new GeneralName(GeneralName.dNSName, normalized)}), settings.certificateKeyAlgorithm());
    }

    private SmimeIdentity issue(String commonName, GeneralNames names, KeyAlgorithm keyAlgorithm) throws SmimeException {
        Instant now = clock.instant();
        if (!now.isBefore(caCertificate.getNotAfter().toInstant())) {
            throw new SmimeException("the CA certificate expired on " + caCertificate.getNotAfter().toInstant());
        }
        KeyPair keys = keyAlgorithm.generate();
        Instant notAfter = now.plus(settings.certificateValidity());
        if (notAfter.isAfter(caCertificate.getNotAfter().toInstant())) {
            notAfter = caCertificate.getNotAfter().toInstant();
        }
        try {
            X509Certificate certificate = sign(endEntity(commonName, names, keys.getPublic(), now, notAfter));
            SafeFiles.writeAtomically(issuedFile(certificate.getSerialNumber()),
                SmimeCertificates.toPem(certificate).getBytes(StandardCharsets.US_ASCII), false);
            return SmimeIdentity.of(keys.getPrivate(), certificate, caCertificate);
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new SmimeException("cannot issue a certificate: " + e.getMessage(), e);
        }
    }

    private X509v3CertificateBuilder endEntity(String commonName, GeneralNames names, PublicKey key, Instant now,
                                               Instant notAfter) throws GeneralSecurityException, CertIOException {
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
        int usage = KeyUsage.digitalSignature | (key instanceof ECPublicKey ? KeyUsage.keyAgreement : KeyUsage.keyEncipherment);
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(caCertificate, serial(),
            Date.from(now.minus(CLOCK_SKEW)), Date.from(notAfter), subject, key)
            .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
            .addExtension(Extension.keyUsage, true, new KeyUsage(usage))
            .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_emailProtection))
            .addExtension(Extension.subjectAlternativeName, false, names)
            .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(key))
            .addExtension(Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(caCertificate));
        if (settings.crlDistributionPoint().isPresent()) {
            GeneralNames location = new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier,
                settings.crlDistributionPoint().get().toString()));
            builder.addExtension(Extension.cRLDistributionPoints, false,
                new CRLDistPoint(new DistributionPoint[] {new DistributionPoint(new DistributionPointName(location), null, null)}));
        }
        return builder;
    }

    private X509Certificate sign(X509v3CertificateBuilder builder) throws OperatorCreationException, CertificateException {
        return new JcaX509CertificateConverter().getCertificate(builder.build(signer(caKey)));
    }

    /** @return every certificate this CA issued, oldest first */
    public synchronized List<X509Certificate> issuedCertificates() throws SmimeException {
        List<X509Certificate> issued = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(stateDirectory.resolve("issued"), "*.pem")) {
            for (Path file : files) {
                issued.addAll(SmimeCertificates.readPemCertificates(Files.readString(file, StandardCharsets.US_ASCII)));
            }
        } catch (IOException | CertificateException e) {
            throw new SmimeException("cannot read the issued certificates in " + stateDirectory + ": " + e.getMessage(), e);
        }
        issued.sort(Comparator.comparing(X509Certificate::getNotBefore));
        return issued;
    }

    /**
     * Revokes an issued certificate; the next {@link #generateCrl()} lists it.
     *
     * @return false when this CA did not issue the serial or it is already revoked
     */
    public synchronized boolean revoke(BigInteger serial, RevocationReason reason) throws SmimeException {
        if (!Files.exists(issuedFile(serial)) || Files.exists(revokedFile(serial))) {
            return false;
        }
        Properties record = new Properties();
        record.setProperty("revoked", Long.toString(clock.millis()));
        record.setProperty("reason", reason.parameterValue());
        try {
            SafeFiles.writeAtomically(revokedFile(serial), store(record), false);
        } catch (IOException e) {
            throw new SmimeException("cannot record the revocation in " + stateDirectory + ": " + e.getMessage(), e);
        }
        return true;
    }

    /** @return revocation time by serial, for every revoked certificate */
    public synchronized Map<BigInteger, Instant> revocations() throws SmimeException {
        Map<BigInteger, Instant> revoked = new LinkedHashMap<>();
        for (Map.Entry<BigInteger, Properties> entry : revocationRecords().entrySet()) {
            revoked.put(entry.getKey(), Instant.ofEpochMilli(Long.parseLong(entry.getValue().getProperty("revoked"))));
        }
        return revoked;
    }

    /**
     * Signs a new CRL listing every revoked certificate, with an increasing CRL number, valid until now plus
     * the configured CRL validity; writes it to {@code crl.pem}.
     */
    public synchronized X509CRL generateCrl() throws SmimeException {
        Instant now = clock.instant();
        try {
            BigInteger number = nextCrlNumber();
            X509v2CRLBuilder builder = new X509v2CRLBuilder(X500Name.getInstance(caCertificate.getSubjectX500Principal().getEncoded()),
                Date.from(now));
            builder.setNextUpdate(Date.from(now.plus(settings.crlValidity())));
            for (Map.Entry<BigInteger, Properties> entry : revocationRecords().entrySet()) {
                Properties record = entry.getValue();
                builder.addCRLEntry(entry.getKey(), new Date(Long.parseLong(record.getProperty("revoked"))),
                    RevocationReason.parse(record.getProperty("reason", "unspecified")).code());
            }
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(caCertificate));
            builder.addExtension(Extension.cRLNumber, false, new CRLNumber(number));
            X509CRL crl = new JcaX509CRLConverter().getCRL(builder.build(signer(caKey)));
            SafeFiles.writeAtomically(stateDirectory.resolve(CRL), SmimeCertificates.toPem(crl).getBytes(StandardCharsets.US_ASCII), false);
            SafeFiles.writeAtomically(stateDirectory.resolve(CRL_NUMBER), number.toString().getBytes(StandardCharsets.US_ASCII), false);
            return crl;
        } catch (GeneralSecurityException | IOException | OperatorCreationException | RuntimeException e) {
            throw new SmimeException("cannot generate the CRL: " + e.getMessage(), e);
        }
    }

    /**
     * Publishes a new CRL when there is none yet or the last one has less than half of its validity left, so that
     * relying parties (this gateway's verifier included) never hold only an out-of-date CRL of this CA.
     *
     * @return the CRL written now, or empty when the last one is still fresh enough
     */
    public synchronized Optional<X509CRL> refreshCrl() throws SmimeException {
        Optional<X509CRL> last = currentCrl();
        if (last.isPresent() && last.get().getNextUpdate() != null) {
            Instant halfway = last.get().getNextUpdate().toInstant().minus(settings.crlValidity().dividedBy(2));
            if (clock.instant().isBefore(halfway)) {
                return Optional.empty();
            }
        }
        return Optional.of(generateCrl());
    }

    /** @return the CRL last written by {@link #generateCrl()}, if any */
    public synchronized Optional<X509CRL> currentCrl() throws SmimeException {
        Path file = stateDirectory.resolve(CRL);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return SmimeCertificates.readPemCrls(Files.readString(file, StandardCharsets.US_ASCII)).stream().findFirst();
        } catch (IOException | CertificateException e) {
            throw new SmimeException("cannot read the CRL " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * @return issued, unrevoked certificates that are still valid but expire within the window (for example
     *     30 days, to warn their owners), soonest first
     */
    public synchronized List<X509Certificate> expiringWithin(Duration window) throws SmimeException {
        Instant now = clock.instant();
        Instant limit = now.plus(window);
        Map<BigInteger, Properties> revoked = revocationRecords();
        return issuedCertificates().stream()
            .filter(certificate -> !revoked.containsKey(certificate.getSerialNumber()))
            .filter(certificate -> SmimeCertificates.isValidAt(certificate, now))
            .filter(certificate -> !certificate.getNotAfter().toInstant().isAfter(limit))
            .sorted(Comparator.comparing(X509Certificate::getNotAfter))
            .toList();
    }

    /**
     * Exports a key with its chain for a mail client (Thunderbird, Outlook, Apple Mail): PKCS#12 with
     * AES-256-CBC/PBKDF2-HMAC-SHA-256 and an HMAC-SHA-256 MAC; the friendly name is the certificate's address.
     */
    public static byte[] exportPkcs12(SmimeIdentity identity, char[] password) throws SmimeException {
        return exportPkcs12(identity, password, Pkcs12.Profile.MODERN);
    }

    /** As {@link #exportPkcs12(SmimeIdentity, char[])} with a chosen profile (LEGACY for Outlook on Windows 7/8.1). */
    public static byte[] exportPkcs12(SmimeIdentity identity, char[] password, Pkcs12.Profile profile) throws SmimeException {
        String name = SmimeCertificates.emailAddresses(identity.certificate()).stream().findFirst()
            .orElse(identity.certificate().getSubjectX500Principal().getName());
        return Pkcs12.write(identity, password, name, profile);
    }

    private Map<BigInteger, Properties> revocationRecords() throws SmimeException {
        Map<BigInteger, Properties> records = new LinkedHashMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(stateDirectory.resolve("revoked"), "*.properties")) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                Properties record = new Properties();
                try (var in = Files.newInputStream(file)) {
                    record.load(in);
                }
                records.put(new BigInteger(name.substring(0, name.length() - ".properties".length()), 16), record);
            }
        } catch (IOException | NumberFormatException e) {
            throw new SmimeException("cannot read the revocations in " + stateDirectory + ": " + e.getMessage(), e);
        }
        return records;
    }

    private BigInteger nextCrlNumber() throws IOException {
        Path file = stateDirectory.resolve(CRL_NUMBER);
        if (!Files.exists(file)) {
            return BigInteger.ONE;
        }
        return new BigInteger(Files.readString(file, StandardCharsets.US_ASCII).trim()).add(BigInteger.ONE);
    }

    private Path issuedFile(BigInteger serial) {
        return stateDirectory.resolve("issued").resolve(serial.toString(16) + ".pem");
    }

    private Path revokedFile(BigInteger serial) {
        return stateDirectory.resolve("revoked").resolve(serial.toString(16) + ".properties");
    }

    private static byte[] store(Properties properties) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        properties.store(out, "revocation record");
        return out.toByteArray();
    }

    private static ContentSigner signer(PrivateKey key) throws OperatorCreationException {
        String algorithm = key.getAlgorithm().equalsIgnoreCase("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        return new JcaContentSignerBuilder(algorithm).setProvider(CryptoProvider.bouncyCastle()).build(key);
    }

    /** A positive, non-zero 128-bit random serial number (RFC 5280: at most 20 octets). */
    private static BigInteger serial() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        bytes[0] &= 0x7f;
        bytes[0] |= 0x40;
        return new BigInteger(1, bytes);
    }
}
