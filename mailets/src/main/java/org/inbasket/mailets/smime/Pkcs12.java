package org.inbasket.mailets.smime;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.DERBMPString;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.pkcs.PKCS12PfxPdu;
import org.bouncycastle.pkcs.PKCS12PfxPduBuilder;
import org.bouncycastle.pkcs.PKCS12SafeBag;
import org.bouncycastle.pkcs.PKCS12SafeBagBuilder;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS12SafeBagBuilder;
import org.bouncycastle.pkcs.jcajce.JcePKCS12MacCalculatorBuilder;
import org.bouncycastle.pkcs.jcajce.JcePKCSPBEOutputEncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;

/**
 * PKCS#12 files for keys and certificates.
 *
 * <p>Written files use the {@link Profile#MODERN} profile by default, which Thunderbird (NSS), Outlook on
 * Windows 10 1709 and later, macOS, OpenSSL 1.1/3 and Java read. {@link Profile#LEGACY} exists only for
 * software that cannot read it: Outlook on Windows 7/8.1 and gpgsm 2.2 (Debian 12), whose PKCS#12 reader
 * knows PBES2 only as PBKDF2-HMAC-SHA1 with AES-128 and a salt under 20 bytes. Reading accepts any
 * PKCS#12 that Bouncy Castle reads, including legacy RC2-40 files.</p>
 */
public final class Pkcs12 {
    /** PBKDF2 and MAC iteration count of written {@link Profile#MODERN} files. */
    public static final int ITERATIONS = 100_000;
    private static final int LEGACY_ITERATIONS = 2048;
    /** Iteration count of {@link Profile#STORE} files: their password is random, stretching it adds nothing. */
    public static final int STORE_ITERATIONS = 2048;
    /** The shortest password {@link Profile#STORE} accepts: 32 characters, e.g. 24 random bytes in base64. */
    public static final int STORE_MIN_PASSWORD = 32;

    /** How a written PKCS#12 file is protected. */
    public enum Profile {
        /** PBES2 (PBKDF2-HMAC-SHA-256, AES-256-CBC) for key and certificates, HMAC-SHA-256 MAC. The default. */
        MODERN,
        /** PKCS#12 PBE with SHA-1 and triple-DES, HMAC-SHA-1 MAC: weak, only for old readers. */
        LEGACY,
        /**
         * {@link #MODERN}'s algorithms with {@value #STORE_ITERATIONS} iterations instead of {@value #ITERATIONS}, for the
         * gateway's own key files under a machine-generated random password of at least {@value #STORE_MIN_PASSWORD}
         * characters. PBKDF2 stretching protects passwords people choose; a random one of 144 bits or more gains
         * nothing from it, while 100,000 iterations (three derivations per file) cost a second of CPU per key
         * written. Never for exports: a person types their password.
         */
        STORE
    }
    private static final AlgorithmIdentifier HMAC_SHA256 = new AlgorithmIdentifier(PKCSObjectIdentifiers.id_hmacWithSHA256, DERNull.INSTANCE);

    private Pkcs12() {
    }

    /**
     * @param identity the key and its chain (end-entity certificate first)
     * @param password protects the file; must not be empty
     * @param friendlyName the name mail clients show for the certificate, e.g. the address
     * @return the DER PKCS#12 file
     */
    public static byte[] write(SmimeIdentity identity, char[] password, String friendlyName) throws SmimeException {
        return write(identity, password, friendlyName, Profile.MODERN);
    }

    /** As {@link #write(SmimeIdentity, char[], String)} with a chosen protection profile. */
    public static byte[] write(SmimeIdentity identity, char[] password, String friendlyName, Profile profile) throws SmimeException {
        if (password.length == 0) {
            throw new SmimeException("a PKCS#12 file needs a password");
        }
        if (profile == Profile.STORE && password.length < STORE_MIN_PASSWORD) {
            throw new SmimeException("the STORE profile needs a random password of at least " + STORE_MIN_PASSWORD + " characters");
        }
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509Certificate certificate = identity.certificate();
            List<PKCS12SafeBag> certificateBags = new ArrayList<>();
            for (X509Certificate member : identity.chain()) {
                PKCS12SafeBagBuilder bag = new JcaPKCS12SafeBagBuilder(member);
                if (member.equals(certificate)) {
                    bag.addBagAttribute(PKCS12SafeBag.friendlyNameAttribute, new DERBMPString(friendlyName));
                    bag.addBagAttribute(PKCS12SafeBag.localKeyIdAttribute,
                        extensions.createSubjectKeyIdentifier(certificate.getPublicKey()));
                } else {
                    bag.addBagAttribute(PKCS12SafeBag.friendlyNameAttribute,
                        new DERBMPString(member.getSubjectX500Principal().getName()));
                }
                certificateBags.add(bag.build());
            }
            PKCS12SafeBagBuilder keyBag = new JcaPKCS12SafeBagBuilder(identity.privateKey(), encryptor(password, profile));
            keyBag.addBagAttribute(PKCS12SafeBag.friendlyNameAttribute, new DERBMPString(friendlyName));
            keyBag.addBagAttribute(PKCS12SafeBag.localKeyIdAttribute, extensions.createSubjectKeyIdentifier(certificate.getPublicKey()));

            PKCS12PfxPduBuilder builder = new PKCS12PfxPduBuilder();
            builder.addEncryptedData(encryptor(password, profile), certificateBags.toArray(new PKCS12SafeBag[0]));
            builder.addData(keyBag.build());
            boolean modern = profile != Profile.LEGACY;
            PKCS12PfxPdu pfx = builder.build(new JcePKCS12MacCalculatorBuilder(modern ? NISTObjectIdentifiers.id_sha256 : OIWObjectIdentifiers.idSHA1)
                .setProvider(CryptoProvider.bouncyCastle())
                .setIterationCount(iterations(profile)), password);
            return pfx.getEncoded(ASN1Encoding.DER);
        } catch (GeneralSecurityException | OperatorCreationException | PKCSException | IOException | RuntimeException e) {
            throw new SmimeException("cannot write the PKCS#12 file: " + e.getMessage(), e);
        }
    }

    /**
     * @return every key entry in the file with its certificate chain
     * @throws SmimeException on a wrong password or a damaged file
     */
    public static List<SmimeIdentity> read(byte[] pkcs12, char[] password) throws SmimeException {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12", CryptoProvider.bouncyCastle());
            store.load(new ByteArrayInputStream(pkcs12), password);
            List<SmimeIdentity> identities = new ArrayList<>();
            for (String alias : Collections.list(store.aliases())) {
                if (!store.isKeyEntry(alias)) {
                    continue;
                }
                Key key = store.getKey(alias, password);
                Certificate[] chain = store.getCertificateChain(alias);
                if (!(key instanceof PrivateKey privateKey) || chain == null || chain.length == 0) {
                    continue;
                }
                List<X509Certificate> certificates = new ArrayList<>();
                for (Certificate member : chain) {
                    certificates.add(SmimeCertificates.parse(member.getEncoded()));
                }
                identities.add(new SmimeIdentity(privateKey, certificates));
            }
            return identities;
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            throw new SmimeException("cannot read the PKCS#12 file (wrong password or damaged file)", e);
        }
    }

    private static OutputEncryptor encryptor(char[] password, Profile profile) throws OperatorCreationException {
        if (profile == Profile.LEGACY) {
            return new JcePKCSPBEOutputEncryptorBuilder(PKCSObjectIdentifiers.pbeWithSHAAnd3_KeyTripleDES_CBC)
                .setProvider(CryptoProvider.bouncyCastle())
                .setIterationCount(LEGACY_ITERATIONS)
                .build(password);
        }
        return new JcePKCSPBEOutputEncryptorBuilder(NISTObjectIdentifiers.id_aes256_CBC)
            .setProvider(CryptoProvider.bouncyCastle())
            .setPRF(HMAC_SHA256)
            .setIterationCount(iterations(profile))
            .build(password);
    }

    private static int iterations(Profile profile) {
        switch (profile) {
            case LEGACY:
                return LEGACY_ITERATIONS;
            case STORE:
                return STORE_ITERATIONS;
            default:
                return ITERATIONS;
        }
    }
}
