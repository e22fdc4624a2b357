package org.inbasket.mailets.smime;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.spec.MGF1ParameterSpec;
import java.util.Optional;

import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;

import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAESOAEPparams;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cms.CMSException;

/**
 * Unwraps an RSAES-OAEP (SHA-256, MGF1 with SHA-256, empty label: what {@link SmimeEncryptor} writes by default)
 * content key with the native provider (ADR 0015). Bouncy Castle's JCA helper asks the provider for OAEP
 * algorithm parameters, which the native provider does not offer, so the cipher is called directly here.
 */
final class NativeOaep {
    private static final OAEPParameterSpec SHA256 =
        new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);

    private NativeOaep() {
    }

    /**
     * @return the AES content key, or empty when the parameters are not OAEP-SHA-256 or the content cipher is not
     *     AES (the caller unwraps as usual)
     * @throws CMSException when the parameters match and unwrapping fails (wrong key, damaged data)
     */
    static Optional<Key> unwrap(Provider provider, PrivateKey key, AlgorithmIdentifier wrapping, AlgorithmIdentifier content,
                                byte[] wrapped) throws CMSException {
        if (!isOaepSha256(wrapping) || !content.getAlgorithm().getId().startsWith(NISTObjectIdentifiers.aes.getId() + ".")) {
            return Optional.empty();
        }
        try {
            Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPPadding", provider);
            cipher.init(Cipher.DECRYPT_MODE, key, SHA256);
            return Optional.of(new SecretKeySpec(cipher.doFinal(wrapped), "AES"));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new CMSException("cannot unwrap the content key: " + e.getMessage(), e instanceof Exception ? e : null);
        }
    }

    private static boolean isOaepSha256(AlgorithmIdentifier wrapping) {
        if (!PKCSObjectIdentifiers.id_RSAES_OAEP.equals(wrapping.getAlgorithm()) || wrapping.getParameters() == null) {
            return false;
        }
        RSAESOAEPparams parameters = RSAESOAEPparams.getInstance(wrapping.getParameters());
        AlgorithmIdentifier mask = parameters.getMaskGenAlgorithm();
        return NISTObjectIdentifiers.id_sha256.equals(parameters.getHashAlgorithm().getAlgorithm())
            && PKCSObjectIdentifiers.id_mgf1.equals(mask.getAlgorithm())
            && NISTObjectIdentifiers.id_sha256.equals(AlgorithmIdentifier.getInstance(mask.getParameters()).getAlgorithm())
            && PKCSObjectIdentifiers.id_pSpecified.equals(parameters.getPSourceAlgorithm().getAlgorithm())
            && org.bouncycastle.asn1.ASN1OctetString.getInstance(parameters.getPSourceAlgorithm().getParameters()).getOctets().length == 0;
    }
}
