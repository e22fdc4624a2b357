package org.inbasket.mailets.smime;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Test certificates made on the fly: a root CA and end-entity S/MIME certificates, with knobs for the
 * negative cases (expired, missing emailProtection, wrong key usage, other CA).
 */
public final class TestPki {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ConcurrentHashMap<String, KeyPair> KEY_CACHE = new ConcurrentHashMap<>();

    public enum KeyType { RSA, EC }

    private final KeyPair caKeys;
    private final X509Certificate caCertificate;

    private TestPki(String name, String keySeed) {
        this.caKeys = keyPair(KeyType.RSA, "ca-" + name + keySeed);
        try {
            X500Name subject = new X500Name("CN=" + name + ", O=Inbasket Test");
            Instant now = Instant.now();
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(3650))), subject, caKeys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                .addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(caKeys.getPublic()));
            this.caCertificate = new JcaX509CertificateConverter().getCertificate(builder.build(signer(caKeys.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fresh test CA (the CA key is cached per name to keep the suite fast). */
    public static TestPki create(String name) {
        return new TestPki(name, "");
    }

    /** A CA with the same name as {@code create(name)} but its own key: an impostor. */
    public static TestPki impostor(String name) {
        return new TestPki(name, "-impostor");
    }

    public X509Certificate caCertificate() {
        return caCertificate;
    }

    public SmimeIdentity issue(String address, KeyType type) {
        return issue(address, type, options -> { });
    }

    /** Issues an end-entity certificate; {@code customise} may change validity and extensions. */
    public SmimeIdentity issue(String address, KeyType type, Consumer<Options> customise) {
        Options options = new Options(type);
        customise.accept(options);
        KeyPair keys = keyPair(type, address + "-" + type + "-" + options.keySeed);
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(caCertificate, serial(),
                Date.from(options.notBefore), Date.from(options.notAfter), new X500Name("CN=" + address), keys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()))
                .addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(caCertificate))
                .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName(GeneralName.rfc822Name, address)));
            if (options.keyUsage != 0) {
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(options.keyUsage));
            }
            if (options.extendedKeyUsage != null) {
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(options.extendedKeyUsage));
            }
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(builder.build(signer(caKeys.getPrivate())));
            return SmimeIdentity.of(keys.getPrivate(), certificate, caCertificate);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A CRL of this CA revoking the given certificates as of yesterday. */
    public X509CRL crlRevoking(X509Certificate... revoked) {
        try {
            Instant now = Instant.now();
            X509v2CRLBuilder builder = new X509v2CRLBuilder(X500Name.getInstance(caCertificate.getSubjectX500Principal().getEncoded()),
                Date.from(now.minus(Duration.ofHours(1))));
            builder.setNextUpdate(Date.from(now.plus(Duration.ofDays(7))));
            for (X509Certificate certificate : revoked) {
                builder.addCRLEntry(certificate.getSerialNumber(), Date.from(now.minus(Duration.ofDays(1))), CRLReason.keyCompromise);
            }
            return new JcaX509CRLConverter().getCRL(builder.build(signer(caKeys.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static KeyPair keyPair(KeyType type, String cacheKey) {
        return KEY_CACHE.computeIfAbsent(type + ":" + cacheKey, key -> generate(type));
    }

    public static KeyPair generate(KeyType type) {
        try {
            if (type == KeyType.RSA) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048, RANDOM);
                return generator.generateKeyPair();
            }
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ContentSigner signer(PrivateKey key) throws Exception {
        return new JcaContentSignerBuilder("SHA256withRSA").build(key);
    }

    private static BigInteger serial() {
        return new BigInteger(64, RANDOM).add(BigInteger.ONE);
    }

    /** Knobs for {@link #issue(String, KeyType, Consumer)}. */
    public static final class Options {
        public Instant notBefore = Instant.now().minus(Duration.ofDays(1));
        public Instant notAfter = Instant.now().plus(Duration.ofDays(365));
        public int keyUsage;
        public KeyPurposeId[] extendedKeyUsage = {KeyPurposeId.id_kp_emailProtection};
        public String keySeed = "";

        Options(KeyType type) {
            keyUsage = type == KeyType.RSA
                ? KeyUsage.digitalSignature | KeyUsage.keyEncipherment
                : KeyUsage.digitalSignature | KeyUsage.keyAgreement;
        }

        public Options expired() {
            notBefore = Instant.now().minus(Duration.ofDays(400));
            notAfter = Instant.now().minus(Duration.ofDays(35));
            return this;
        }

        public Options withoutEmailProtection() {
            extendedKeyUsage = new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth};
            return this;
        }

        public Options anotherKey() {
            keySeed = "other";
            return this;
        }
    }

    public static List<X509Certificate> certificates(SmimeIdentity... identities) {
        List<X509Certificate> result = new ArrayList<>();
        for (SmimeIdentity identity : identities) {
            result.add(identity.certificate());
        }
        return result;
    }

}
