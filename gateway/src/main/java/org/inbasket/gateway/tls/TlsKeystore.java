package org.inbasket.gateway.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.inbasket.gateway.config.ConfigException;
import org.inbasket.gateway.config.Secrets;
import org.inbasket.mailets.smime.KeyAlgorithm;

/**
 * The TLS key and certificate of SMTP, submission, IMAP, IMAPS and the portal.
 *
 * <p>Either the operator configures a PKCS#12 keystore ({@code tls.keystore} + {@code tls.keystore.password}),
 * which is checked here (readable, password right, one private key), or on first start the gateway creates a
 * self-signed RSA-2048 certificate for its host name under {@code <data>/tls/}, with a random password kept
 * beside it in a file readable by the owner only. Later starts reuse it.</p>
 *
 * <p>SECURITY: a self-signed certificate protects against passive eavesdropping only; clinics are told at
 * startup to install a certificate from their CA.</p>
 */
public final class TlsKeystore {
    public static final String ALIAS = "gateway";
    private final Path path;
    private final String password;
    private final boolean generatedNow;
    private final X509Certificate certificate;

    private TlsKeystore(Path path, String password, boolean generatedNow, X509Certificate certificate) {
        this.path = path;
        this.password = password;
        this.generatedNow = generatedNow;
        this.certificate = certificate;
    }

    public static TlsKeystore configuredOrGenerated(String configuredPath, String configuredPassword, Path dataDir,
                                                    String hostname) {
        if (!configuredPath.isEmpty()) {
            Path path = Path.of(configuredPath).toAbsolutePath();
            return new TlsKeystore(path, configuredPassword, false, check(path, configuredPassword, "tls.keystore"));
        }
        Path dir = dataDir.resolve("tls");
        Path path = dir.resolve("keystore.p12");
        Path passwordFile = dir.resolve("keystore.password");
        try {
            if (Files.exists(path) && Files.exists(passwordFile)) {
                String password = Files.readString(passwordFile, StandardCharsets.US_ASCII).trim();
                return new TlsKeystore(path, password, false, check(path, password, path.toString()));
            }
            Files.createDirectories(dir);
            String password = Secrets.random();
            X509Certificate cert = generate(path, password, hostname);
            Secrets.writeOwnerOnly(passwordFile, password);
            return new TlsKeystore(path, password, true, cert);
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new ConfigException(path + ": cannot create the TLS keystore: " + e.getMessage(), e);
        }
    }

    private static X509Certificate check(Path path, String password, String origin) {
        try (InputStream in = Files.newInputStream(path)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password.toCharArray());
            for (String alias : java.util.Collections.list(ks.aliases())) {
                if (ks.isKeyEntry(alias)) {
                    return (X509Certificate) ks.getCertificate(alias);
                }
            }
            throw new ConfigException(origin + ": keystore " + path + " holds no private key");
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException(origin + ": cannot open keystore " + path + " (wrong path, type or password?): "
                + e.getMessage());
        }
    }

    private static X509Certificate generate(Path path, String password, String hostname)
        throws GeneralSecurityException, IOException, OperatorCreationException {
        // Natively where the provider loads (ADR 0015): the JDK takes 0.5 to 2 s for an RSA-2048 pair here.
        KeyPair keyPair = KeyAlgorithm.RSA_2048.generate();
        Instant now = Instant.now();
        X500Name subject = new X500Name("CN=" + hostname + ",O=Inbasket Gateway (self-signed)");
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
            new BigInteger(127, new SecureRandom()), Date.from(now.minus(Duration.ofHours(1))),
            Date.from(now.plus(Duration.ofDays(825))), subject, keyPair.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true,
            new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
        builder.addExtension(Extension.extendedKeyUsage, false,
            new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth}));
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.dNSName, hostname),
            new GeneralName(GeneralName.dNSName, "localhost"),
            new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
        X509Certificate cert = new JcaX509CertificateConverter()
            .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(keyPair.getPrivate())));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry(ALIAS, keyPair.getPrivate(), password.toCharArray(), new X509Certificate[] {cert});
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            ks.store(out, password.toCharArray());
        }
        Secrets.restrictToOwner(tmp);
        Files.move(tmp, path, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return cert;
    }


    public Path path() {
        return path;
    }

    public String password() {
        return password;
    }

    public boolean generatedNow() {
        return generatedNow;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public String sha256Fingerprint() {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
