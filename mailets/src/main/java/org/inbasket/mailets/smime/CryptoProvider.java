package org.inbasket.mailets.smime;

import java.security.Provider;

import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The one Bouncy Castle provider instance used by the S/MIME code.
 *
 * <p>The instance is passed explicitly to every JCA/JCE builder instead of being registered with
 * {@link java.security.Security}: the S/MIME code does not change the JVM-wide provider list that the
 * rest of James (TLS, DKIM) relies on.</p>
 */
public final class CryptoProvider {
    private static final Provider BOUNCY_CASTLE = new BouncyCastleProvider();

    private CryptoProvider() {
    }

    /** @return the shared Bouncy Castle provider (jdk18on) */
    public static Provider bouncyCastle() {
        return BOUNCY_CASTLE;
    }
}
