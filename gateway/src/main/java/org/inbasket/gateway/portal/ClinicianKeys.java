package org.inbasket.gateway.portal;

import java.util.Optional;

import org.apache.james.core.MailAddress;

/**
 * What the clinician certificate page needs from the gateway: the mail password check and the clinician's own
 * key as a PKCS#12 file.
 *
 * <p>SECURITY: {@link #authenticate} is true only for a local mail account that is a person's (never a pool's
 * shared account), and {@link #pkcs12} exports only a key stored for that very address whose certificate names
 * it: a login never yields another owner's key.</p>
 */
public interface ClinicianKeys {
    /** Whether this is a local user's mail address and password (the IMAP check), and not a pool. */
    boolean authenticate(MailAddress address, String password);

    /**
     * The address's newest key with its certificate and the CA chain, protected by {@code password}.
     *
     * @param legacy the legacy PKCS#12 algorithms for old Windows and Outlook versions
     * @return empty when the address has no key of its own
     */
    Optional<byte[]> pkcs12(MailAddress address, char[] password, boolean legacy);

    /** The clinic CA's certificate (PEM), for mail clients to trust. */
    String caCertificatePem();
}
