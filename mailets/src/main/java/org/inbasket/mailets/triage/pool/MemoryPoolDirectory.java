package org.inbasket.mailets.triage.pool;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.james.core.MailAddress;

/** {@link PoolDirectory} in memory. Thread-safe (coarse lock; membership changes are rare). */
public final class MemoryPoolDirectory implements PoolDirectory {
    private final Map<String, MailAddress> pools = new LinkedHashMap<>();
    private final Map<String, Map<String, MailAddress>> members = new LinkedHashMap<>();

    @Override
    public synchronized boolean createPool(MailAddress pool) {
        String key = PoolDirectory.key(pool);
        if (pools.containsKey(key)) {
            return false;
        }
        pools.put(key, pool);
        members.put(key, new LinkedHashMap<>());
        members.values().forEach(m -> m.remove(key));
        return true;
    }

    @Override
    public synchronized boolean deletePool(MailAddress pool) {
        String key = PoolDirectory.key(pool);
        members.remove(key);
        return pools.remove(key) != null;
    }

    @Override
    public synchronized boolean isPool(MailAddress address) {
        return pools.containsKey(PoolDirectory.key(address));
    }

    @Override
    public synchronized Set<MailAddress> pools() {
        return Set.copyOf(pools.values());
    }

    @Override
    public synchronized Set<MailAddress> members(MailAddress pool) {
        Map<String, MailAddress> m = members.get(PoolDirectory.key(pool));
        if (m == null) {
            throw new UnknownPoolException(pool);
        }
        return Set.copyOf(m.values());
    }

    @Override
    public synchronized boolean addMember(MailAddress pool, MailAddress member) {
        Map<String, MailAddress> m = members.get(PoolDirectory.key(pool));
        if (m == null) {
            throw new UnknownPoolException(pool);
        }
        if (pools.containsKey(PoolDirectory.key(member))) {
            throw new IllegalArgumentException("a pool cannot be a member of a pool: " + member.asString());
        }
        return m.putIfAbsent(PoolDirectory.key(member), member) == null;
    }

    @Override
    public synchronized boolean removeMember(MailAddress pool, MailAddress member) {
        Map<String, MailAddress> m = members.get(PoolDirectory.key(pool));
        return m != null && m.remove(PoolDirectory.key(member)) != null;
    }

    @Override
    public synchronized Set<MailAddress> poolsOf(MailAddress member) {
        String key = PoolDirectory.key(member);
        return members.entrySet().stream()
            .filter(e -> e.getValue().containsKey(key))
            .map(e -> pools.get(e.getKey()))
            .collect(Collectors.toCollection(LinkedHashSet::new));
    }
}
