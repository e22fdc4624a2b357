package org.inbasket.mailets.smime;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * A private key with its certificate and the certificate's issuers.
 *
 * @param privateKey the private key (RSA or EC)
 * @param chain the end-entity certificate first, then its issuers (the root may be left out)
 */
public record SmimeIdentity(PrivateKey privateKey, List<X509Certificate> chain) {
    public SmimeIdentity {
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(chain, "chain");
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a key needs its certificate");
        }
        chain = List.copyOf(chain);
    }

    public static SmimeIdentity of(PrivateKey privateKey, X509Certificate certificate, X509Certificate... issuers) {
        java.util.ArrayList<X509Certificate> all = new java.util.ArrayList<>();
        all.add(certificate);
        all.addAll(List.of(issuers));
        return new SmimeIdentity(privateKey, all);
    }

    /** @return the end-entity certificate of this key */
    public X509Certificate certificate() {
        return chain.get(0);
    }

    @Override
    public String toString() {
        return "SmimeIdentity[" + SmimeCertificates.fingerprint(certificate()) + "]";
    }
}
