package org.inbasket.gateway.services;

import java.util.Objects;
import java.util.Optional;

import org.inbasket.gateway.config.GatewaySettings;
import org.inbasket.mailets.smime.KeyAlgorithm;

/**
 * Which certificate authority issues the users' S/MIME certificates: the built-in one (created under
 * {@code <data>/var/smime/ca} at first start) or an existing CA from a PKCS#12 file, such as the clinic's own
 * intermediate ({@code smime.ca.keystore}, {@code smime.ca.keystore.password}); and the key type of the
 * certificates it issues ({@code smime.certificate.key}).
 *
 * <p>SECURITY: holds the existing CA's keystore password in memory for the start; {@code toString} leaves it out.</p>
 */
public record SmimeCaChoice(Optional<java.nio.file.Path> keystore, String keystorePassword, KeyAlgorithm certificateKey) {
    public SmimeCaChoice {
        Objects.requireNonNull(keystore, "keystore");
        Objects.requireNonNull(keystorePassword, "keystorePassword");
        Objects.requireNonNull(certificateKey, "certificateKey");
    }

    public static SmimeCaChoice from(GatewaySettings settings) {
        return new SmimeCaChoice(settings.smimeCaKeystore(), settings.get("smime.ca.keystore.password"),
            settings.smimeCertificateKey());
    }

    @Override
    public String toString() {
        return "SmimeCaChoice[" + keystore.map(Object::toString).orElse("built-in") + ", " + certificateKey.parameterValue() + "]";
    }
}
