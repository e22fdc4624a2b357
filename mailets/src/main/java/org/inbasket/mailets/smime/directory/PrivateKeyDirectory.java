package org.inbasket.mailets.smime.directory;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.inbasket.mailets.smime.SmimeCertificates;
import org.inbasket.mailets.smime.SmimeIdentity;

/**
 * Private keys of local users (and of local domains), with their certificate chains.
 *
 * <p>An owner is an e-mail address ({@code dr.grey@clinic.example}) or, for a domain's own key used to
 * sign on behalf of the domain, a bare domain name ({@code clinic.example}). Owners are compared
 * case-insensitively. An owner may hold several keys: old keys stay so that mail encrypted to them can
 * still be decrypted.</p>
 *
 * <p>Implementations: {@link InMemoryPrivateKeyDirectory} and {@link Pkcs12PrivateKeyDirectory}; both are
 * thread-safe and run through one contract test. SECURITY: this is the gateway's most sensitive store.</p>
 */
public interface PrivateKeyDirectory {
    /** Stores a key for an owner; storing the same certificate again replaces the entry. */
    void add(String owner, SmimeIdentity identity);

    /** @return every key of the owner, expired ones included (they still decrypt old mail) */
    List<SmimeIdentity> list(String owner);

    /** @return true when a key with this certificate was stored for the owner and is now removed */
    boolean remove(String owner, X509Certificate certificate);

    /** @return every owner with at least one key */
    List<String> owners();

    /** The key to sign with: valid at {@code at}, fit for signing; of several, the one valid longest. */
    default Optional<SmimeIdentity> findSigningKey(String owner, Instant at) {
        return list(owner).stream()
            .filter(identity -> SmimeCertificates.isValidAt(identity.certificate(), at))
            .filter(identity -> SmimeCertificates.isFitForSigning(identity.certificate()))
            .max(Comparator.comparing((SmimeIdentity identity) -> identity.certificate().getNotAfter())
                .thenComparing(identity -> identity.certificate().getNotBefore()));
    }

    /** @return the owner in the form keys are stored under */
    static String normalizeOwner(String owner) {
        String normalized = owner.trim().toLowerCase(Locale.ROOT);
        if (normalized.isEmpty()) {
            throw new IllegalArgumentException("a key owner must not be empty");
        }
        return normalized;
    }
}
