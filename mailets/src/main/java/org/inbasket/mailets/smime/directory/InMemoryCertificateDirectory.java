package org.inbasket.mailets.smime.directory;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.inbasket.mailets.smime.SmimeCertificates;

/** A {@link CertificateDirectory} in memory: for tests and for a gateway without persistent storage. */
public final class InMemoryCertificateDirectory implements CertificateDirectory {
    private final Map<String, X509Certificate> byFingerprint = new LinkedHashMap<>();
    private final Map<String, Set<String>> fingerprintsByAddress = new LinkedHashMap<>();

    @Override
    public synchronized List<String> add(X509Certificate certificate) {
        List<String> addresses = CertificateDirectory.addressesOf(certificate);
        String fingerprint = SmimeCertificates.fingerprint(certificate);
        byFingerprint.put(fingerprint, certificate);
        for (String address : addresses) {
            fingerprintsByAddress.computeIfAbsent(address, any -> new LinkedHashSet<>()).add(fingerprint);
        }
        return addresses;
    }

    @Override
    public synchronized List<X509Certificate> list(String address) {
        List<X509Certificate> result = new ArrayList<>();
        for (String fingerprint : fingerprintsByAddress.getOrDefault(SmimeCertificates.normalizeAddress(address), Set.of())) {
            result.add(byFingerprint.get(fingerprint));
        }
        return result;
    }

    @Override
    public synchronized List<X509Certificate> listAll() {
        return List.copyOf(byFingerprint.values());
    }

    @Override
    public synchronized boolean remove(X509Certificate certificate) {
        String fingerprint = SmimeCertificates.fingerprint(certificate);
        if (byFingerprint.remove(fingerprint) == null) {
            return false;
        }
        fingerprintsByAddress.values().forEach(fingerprints -> fingerprints.remove(fingerprint));
        fingerprintsByAddress.values().removeIf(Set::isEmpty);
        return true;
    }
}
