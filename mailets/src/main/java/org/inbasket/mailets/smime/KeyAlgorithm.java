package org.inbasket.mailets.smime;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;

/** Key types the gateway generates for certificates it issues. */
public enum KeyAlgorithm implements ParameterValue {
    /** RSA 2048 bits: every mail client reads it. The default for user certificates. */
    RSA_2048("rsa-2048"),
    /** RSA 3072 bits: the default for the certificate authority's own key. */
    RSA_3072("rsa-3072"),
    /** ECDSA/ECDH on NIST P-256: smaller and faster, read by Thunderbird, Apple Mail and Outlook 2016+. */
    EC_P256("ec-p256");

    private static final SecureRandom RANDOM = new SecureRandom();
    private final String parameterValue;

    KeyAlgorithm(String parameterValue) {
        this.parameterValue = parameterValue;
    }

    @Override
    public String parameterValue() {
        return parameterValue;
    }

    /** @return a fresh key pair of this type */
    public KeyPair generate() {
        try {
            if (this == EC_P256) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
                generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
                return generator.generateKeyPair();
            }
            int bits = this == RSA_2048 ? 2048 : 3072;
            if (CryptoProvider.nativeRsa().isPresent()) {
                // Native generation (ADR 0015) is several times faster (first start issues a key per account); the
                // pair is handed on as the JDK's key objects, like keys read back from PKCS#12 elsewhere.
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA", CryptoProvider.nativeRsa().get());
                generator.initialize(bits);
                KeyPair pair = generator.generateKeyPair();
                java.security.KeyFactory jdk = java.security.KeyFactory.getInstance("RSA");
                return new KeyPair(jdk.generatePublic(new java.security.spec.X509EncodedKeySpec(pair.getPublic().getEncoded())),
                    jdk.generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(pair.getPrivate().getEncoded())));
            }
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits, RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JVM cannot generate " + parameterValue + " keys", e);
        }
    }

    /** @throws IllegalArgumentException naming the accepted values */
    public static KeyAlgorithm parse(String value) {
        return ParameterValue.parse(KeyAlgorithm.class, value, "key algorithm");
    }
}
