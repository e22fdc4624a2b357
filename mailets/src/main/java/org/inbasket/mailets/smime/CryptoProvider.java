package org.inbasket.mailets.smime;

import java.security.GeneralSecurityException;
import java.security.Provider;
import java.util.Locale;
import java.util.Optional;

import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;

/**
 * The JCA providers used by the S/MIME code.
 *
 * <p>Providers are passed explicitly to every JCA/JCE builder instead of being registered with
 * {@link java.security.Security}: the S/MIME code does not change the JVM-wide provider list that the
 * rest of James (TLS, DKIM) relies on.</p>
 *
 * <p>RSA private-key operations (signing, unwrapping a content key) cost most of an S/MIME operation. They use the
 * Amazon Corretto Crypto Provider (AWS-LC, native) when its library loads and passes its self-tests on this
 * platform, and the JDK's provider otherwise (ADR 0015). The system property {@value #NATIVE_PROPERTY}
 * {@code =off} turns the native provider off.</p>
 */
public final class CryptoProvider {
    /** System property: {@code auto} (default) uses the native provider where it loads, {@code off} never. */
    public static final String NATIVE_PROPERTY = "inbasket.crypto.native";

    private static final Logger LOGGER = LoggerFactory.getLogger(CryptoProvider.class);
    private static final Provider BOUNCY_CASTLE = new BouncyCastleProvider();

    private CryptoProvider() {
    }

    /** @return the shared Bouncy Castle provider (jdk18on) */
    public static Provider bouncyCastle() {
        return BOUNCY_CASTLE;
    }

    /**
     * @return the native provider for RSA private-key operations, or empty to use the JDK's default provider
     *     (the property is off, or the native library is not available or not healthy on this platform)
     */
    public static Optional<Provider> nativeRsa() {
        return NativeRsa.INSTANCE.provider;
    }

    /** @return one line for the start-up log: which implementation does RSA private-key operations, and why */
    public static String rsaDescription() {
        return NativeRsa.INSTANCE.description;
    }

    /** Resolved once, on first use: loading the native library is not free. */
    private static final class NativeRsa {
        private static final NativeRsa INSTANCE = new NativeRsa(System.getProperty(NATIVE_PROPERTY, "auto"));

        private final Optional<Provider> provider;
        private final String description;

        private NativeRsa(String setting) {
            String mode = setting.trim().toLowerCase(Locale.ROOT);
            if (!mode.equals("auto") && !mode.equals("off")) {
                throw new IllegalArgumentException(NATIVE_PROPERTY + " must be auto or off, not '" + setting + "'");
            }
            Optional<Provider> chosen = Optional.empty();
            String why;
            if (mode.equals("off")) {
                why = "the JDK's provider (native provider turned off by " + NATIVE_PROPERTY + "=off)";
            } else {
                Provider accp = null;
                String problem;
                try {
                    // A separate class: if the provider's jar is not deployed, only loading it fails, caught here.
                    accp = NativeLoader.healthyProvider();
                    problem = null;
                } catch (LinkageError | RuntimeException | GeneralSecurityException e) {
                    problem = e.toString();
                }
                if (accp != null) {
                    chosen = Optional.of(accp);
                    why = accp.getName() + " " + accp.getVersionStr() + " (native AWS-LC)";
                } else {
                    why = "the JDK's provider (native provider not available: " + problem + ")";
                }
            }
            this.provider = chosen;
            this.description = "S/MIME RSA private-key operations: " + why;
            LOGGER.debug(description);
        }
    }

    /** The only class that names the native provider. */
    private static final class NativeLoader {
        static Provider healthyProvider() throws GeneralSecurityException {
            AmazonCorrettoCryptoProvider accp = AmazonCorrettoCryptoProvider.INSTANCE;
            Throwable error = accp.getLoadingError();
            if (error != null) {
                throw new GeneralSecurityException("the native library did not load: " + error, error);
            }
            accp.assertHealthy();
            return accp;
        }
    }
}
