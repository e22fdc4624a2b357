package org.inbasket.mailets.smime;

import java.util.Map;

import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cms.CMSAlgorithm;

/**
 * Short, stable lower-case names for the algorithms seen in CMS, as used in result headers
 * ({@code alg=rsa-sha256}, {@code alg=aes-256-gcm}). Unknown algorithms are shown by OID.
 */
final class AlgorithmNames {
    private static final Map<String, String> DIGESTS = Map.of(
        OIWObjectIdentifiers.idSHA1.getId(), "sha1",
        NISTObjectIdentifiers.id_sha224.getId(), "sha224",
        NISTObjectIdentifiers.id_sha256.getId(), "sha256",
        NISTObjectIdentifiers.id_sha384.getId(), "sha384",
        NISTObjectIdentifiers.id_sha512.getId(), "sha512",
        PKCSObjectIdentifiers.md5.getId(), "md5");

    private static final Map<String, String> SIGNATURES = Map.ofEntries(
        Map.entry(PKCSObjectIdentifiers.rsaEncryption.getId(), "rsa"),
        Map.entry(PKCSObjectIdentifiers.sha1WithRSAEncryption.getId(), "rsa"),
        Map.entry(PKCSObjectIdentifiers.sha256WithRSAEncryption.getId(), "rsa"),
        Map.entry(PKCSObjectIdentifiers.sha384WithRSAEncryption.getId(), "rsa"),
        Map.entry(PKCSObjectIdentifiers.sha512WithRSAEncryption.getId(), "rsa"),
        Map.entry(PKCSObjectIdentifiers.id_RSASSA_PSS.getId(), "rsassa-pss"),
        Map.entry(X9ObjectIdentifiers.id_ecPublicKey.getId(), "ecdsa"),
        Map.entry(X9ObjectIdentifiers.ecdsa_with_SHA1.getId(), "ecdsa"),
        Map.entry(X9ObjectIdentifiers.ecdsa_with_SHA256.getId(), "ecdsa"),
        Map.entry(X9ObjectIdentifiers.ecdsa_with_SHA384.getId(), "ecdsa"),
        Map.entry(X9ObjectIdentifiers.ecdsa_with_SHA512.getId(), "ecdsa"),
        Map.entry(X9ObjectIdentifiers.id_dsa.getId(), "dsa"),
        Map.entry(X9ObjectIdentifiers.id_dsa_with_sha1.getId(), "dsa"),
        Map.entry(NISTObjectIdentifiers.dsa_with_sha256.getId(), "dsa"));

    private static final Map<String, String> CONTENT_CIPHERS = Map.ofEntries(
        Map.entry(CMSAlgorithm.AES128_CBC.getId(), "aes-128-cbc"),
        Map.entry(CMSAlgorithm.AES192_CBC.getId(), "aes-192-cbc"),
        Map.entry(CMSAlgorithm.AES256_CBC.getId(), "aes-256-cbc"),
        Map.entry(CMSAlgorithm.AES128_GCM.getId(), "aes-128-gcm"),
        Map.entry(CMSAlgorithm.AES192_GCM.getId(), "aes-192-gcm"),
        Map.entry(CMSAlgorithm.AES256_GCM.getId(), "aes-256-gcm"),
        Map.entry(CMSAlgorithm.AES128_CCM.getId(), "aes-128-ccm"),
        Map.entry(CMSAlgorithm.AES256_CCM.getId(), "aes-256-ccm"),
        Map.entry(CMSAlgorithm.DES_EDE3_CBC.getId(), "des-ede3-cbc"),
        Map.entry(CMSAlgorithm.RC2_CBC.getId(), "rc2-cbc"),
        Map.entry(CMSAlgorithm.DES_CBC.getId(), "des-cbc"),
        Map.entry(PKCSObjectIdentifiers.id_alg_AEADChaCha20Poly1305.getId(), "chacha20-poly1305"));

    private static final Map<String, String> KEY_MANAGEMENT = Map.ofEntries(
        Map.entry(PKCSObjectIdentifiers.rsaEncryption.getId(), "rsa-pkcs1v15"),
        Map.entry(PKCSObjectIdentifiers.id_RSAES_OAEP.getId(), "rsa-oaep"),
        Map.entry(SECObjectIdentifiers.dhSinglePass_stdDH_sha256kdf_scheme.getId(), "ecdh-sha256kdf"),
        Map.entry(SECObjectIdentifiers.dhSinglePass_stdDH_sha384kdf_scheme.getId(), "ecdh-sha384kdf"),
        Map.entry(SECObjectIdentifiers.dhSinglePass_stdDH_sha512kdf_scheme.getId(), "ecdh-sha512kdf"),
        Map.entry(SECObjectIdentifiers.dhSinglePass_stdDH_sha224kdf_scheme.getId(), "ecdh-sha224kdf"),
        Map.entry(X9ObjectIdentifiers.dhSinglePass_stdDH_sha1kdf_scheme.getId(), "ecdh-sha1kdf"),
        Map.entry(SECObjectIdentifiers.dhSinglePass_cofactorDH_sha256kdf_scheme.getId(), "ecdh-cofactor-sha256kdf"),
        Map.entry(X9ObjectIdentifiers.dhSinglePass_cofactorDH_sha1kdf_scheme.getId(), "ecdh-cofactor-sha1kdf"));

    private AlgorithmNames() {
    }

    static String digest(String oid) {
        return DIGESTS.getOrDefault(oid, oid);
    }

    static boolean isKnownContentCipher(String oid) {
        return CONTENT_CIPHERS.containsKey(oid);
    }

    static boolean isKnownKeyManagement(String oid) {
        return KEY_MANAGEMENT.containsKey(oid);
    }

    /** @return e.g. {@code rsa-sha256}, {@code ecdsa-sha256}, {@code rsassa-pss-sha256}, {@code ed25519} */
    static String signature(String digestOid, String signatureOid) {
        if (EdECObjectIdentifiers.id_Ed25519.getId().equals(signatureOid)) {
            return "ed25519";
        }
        if (EdECObjectIdentifiers.id_Ed448.getId().equals(signatureOid)) {
            return "ed448";
        }
        String family = SIGNATURES.get(signatureOid);
        return family == null ? signatureOid : family + "-" + digest(digestOid);
    }

    static String contentCipher(String oid) {
        return CONTENT_CIPHERS.getOrDefault(oid, oid);
    }

    static String keyManagement(String oid) {
        return KEY_MANAGEMENT.getOrDefault(oid, oid);
    }
}
