package org.inbasket.gateway.james;

import java.time.Duration;
import java.util.List;

import javax.inject.Inject;

import org.apache.james.core.Domain;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;
import org.apache.james.domainlist.jpa.JPADomainList;

import com.google.common.annotations.VisibleForTesting;
import com.google.common.base.Ticker;
import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;

/**
 * The JPA domain list with a short-lived cache of "is this domain local?" answers, which SMTP RCPT, the local-recipient
 * matchers and user validation ask several times for every recipient.
 *
 * <p>James 3.8.1's own read cache ({@code read.cache.enable}) is not used: it keeps a "no" for its whole expiry even
 * after the domain is added, so a domain added through the admin API, or by {@code --demo} right after start-up
 * checked the postmaster address, refuses its first users for up to that long. Here adding or removing a domain
 * through the gateway empties the cache at once.</p>
 */
public final class CachingDomainList implements DomainList {
    /** How long an answer of {@link #containsDomain(Domain)} is kept. */
    public static final Duration TTL = Duration.ofSeconds(10);

    private final DomainList delegate;
    private final Cache<Domain, Boolean> answers;

    @Inject
    public CachingDomainList(JPADomainList delegate) {
        this(delegate, Ticker.systemTicker());
    }

    @VisibleForTesting
    CachingDomainList(DomainList delegate, Ticker ticker) {
        this.delegate = delegate;
        this.answers = CacheBuilder.newBuilder().expireAfterWrite(TTL).maximumSize(10_000).ticker(ticker).build();
    }

    @Override
    public boolean containsDomain(Domain domain) throws DomainListException {
        Boolean known = answers.getIfPresent(domain);
        if (known != null) {
            return known;
        }
        boolean answer = delegate.containsDomain(domain);
        answers.put(domain, answer);
        return answer;
    }

    @Override
    public void addDomain(Domain domain) throws DomainListException {
        try {
            delegate.addDomain(domain);
        } finally {
            answers.invalidateAll();
        }
    }

    @Override
    public void removeDomain(Domain domain) throws DomainListException {
        try {
            delegate.removeDomain(domain);
        } finally {
            answers.invalidateAll();
        }
    }

    @Override
    public List<Domain> getDomains() throws DomainListException {
        return delegate.getDomains();
    }

    @Override
    public Domain getDefaultDomain() throws DomainListException {
        return delegate.getDefaultDomain();
    }
}
