package org.inbasket.mailets.smime;

import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;

/**
 * Where signature verification gets its trust anchors and certificate revocation lists.
 *
 * <p>The gateway binds one implementation (usually {@link PemTrustStore} over the built-in CA's
 * directory and an operator-maintained folder of partner CA certificates). Implementations must be
 * thread-safe and cheap to call on every message.</p>
 */
public interface SmimeTrustStore {
    /** @return the certificates trusted as chain ends (self-signed or not) */
    Collection<X509Certificate> trustAnchors();

    /** @return the CRLs known locally; CRLs carried inside a signature are added to these */
    Collection<X509CRL> crls();

    /** A fixed trust store, for tests and simple setups. */
    static SmimeTrustStore of(Collection<X509Certificate> anchors, Collection<X509CRL> crls) {
        List<X509Certificate> anchorCopy = List.copyOf(anchors);
        List<X509CRL> crlCopy = List.copyOf(crls);
        return new SmimeTrustStore() {
            @Override
            public Collection<X509Certificate> trustAnchors() {
                return anchorCopy;
            }

            @Override
            public Collection<X509CRL> crls() {
                return crlCopy;
            }
        };
    }
}
