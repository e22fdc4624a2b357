package org.inbasket.mailets.smime.directory;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.inbasket.mailets.smime.SmimeCertificates;
import org.inbasket.mailets.smime.SmimeIdentity;

/** A {@link PrivateKeyDirectory} in memory: for tests; keys are lost on restart. */
public final class InMemoryPrivateKeyDirectory implements PrivateKeyDirectory {
    private final Map<String, Map<String, SmimeIdentity>> keys = new LinkedHashMap<>();

    @Override
    public synchronized void add(String owner, SmimeIdentity identity) {
        keys.computeIfAbsent(PrivateKeyDirectory.normalizeOwner(owner), any -> new LinkedHashMap<>())
            .put(SmimeCertificates.fingerprint(identity.certificate()), identity);
    }

    @Override
    public synchronized List<SmimeIdentity> list(String owner) {
        return new ArrayList<>(keys.getOrDefault(PrivateKeyDirectory.normalizeOwner(owner), Map.of()).values());
    }

    @Override
    public synchronized boolean remove(String owner, X509Certificate certificate) {
        Map<String, SmimeIdentity> ownerKeys = keys.get(PrivateKeyDirectory.normalizeOwner(owner));
        if (ownerKeys == null || ownerKeys.remove(SmimeCertificates.fingerprint(certificate)) == null) {
            return false;
        }
        keys.values().removeIf(Map::isEmpty);
        return true;
    }

    @Override
    public synchronized List<String> owners() {
        return List.copyOf(keys.keySet());
    }
}
