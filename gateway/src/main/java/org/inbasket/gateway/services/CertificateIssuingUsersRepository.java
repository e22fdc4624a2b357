package org.inbasket.gateway.services;

import java.time.Duration;
import java.util.Iterator;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.api.UsersRepositoryException;
import org.apache.james.user.api.model.User;
import org.apache.james.user.jpa.JPAUsersRepository;
import org.inbasket.mailets.smime.SmimeException;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.common.annotations.VisibleForTesting;
import com.google.common.base.Ticker;
import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;

import reactor.core.publisher.Mono;

/**
 * The JPA users repository, plus an S/MIME certificate for every user created through it (WebAdmin, the admin
 * CLI, {@code --demo}). Issuing never fails the creation: maintenance retries for users without a certificate.
 *
 * <p>"Does this user exist?" is asked several times for every recipient (SMTP RCPT, the local-recipient matchers) and
 * James 3.8.1 has no users cache: answers are kept for {@link #EXISTS_CACHE_TTL}. Users added or removed through this
 * repository (WebAdmin, the admin CLI, {@code --demo}) take effect at once.</p>
 */
public final class CertificateIssuingUsersRepository implements UsersRepository {
    private static final Logger LOGGER = LoggerFactory.getLogger(CertificateIssuingUsersRepository.class);

    /** How long an answer of {@link #contains(Username)} is kept. */
    public static final Duration EXISTS_CACHE_TTL = Duration.ofSeconds(10);

    private final UsersRepository delegate;
    private final CertificateProvisioning provisioning;
    private final Cache<Username, Boolean> exists;

    @Inject
    public CertificateIssuingUsersRepository(JPAUsersRepository delegate, CertificateProvisioning provisioning) {
        this((UsersRepository) delegate, provisioning, Ticker.systemTicker());
    }

    @VisibleForTesting
    CertificateIssuingUsersRepository(UsersRepository delegate, CertificateProvisioning provisioning, Ticker ticker) {
        this.delegate = delegate;
        this.provisioning = provisioning;
        this.exists = CacheBuilder.newBuilder().expireAfterWrite(EXISTS_CACHE_TTL).maximumSize(100_000).ticker(ticker).build();
    }

    @Override
    public void addUser(Username username, String password) throws UsersRepositoryException {
        try {
            delegate.addUser(username, password);
        } finally {
            exists.invalidate(username);
        }
        try {
            provisioning.ensureCertificate(username.asString());
        } catch (SmimeException | RuntimeException e) {
            LOGGER.warn("User {} created without an S/MIME certificate (maintenance retries): {}",
                username.asString(), e.getMessage());
        }
        // The first user of a domain also gives the domain its own key (smime.sign.with, partner gateways).
        username.getDomainPart().ifPresent(domain -> provisioning.ensureDomainIdentities(java.util.List.of(domain.asString())));
    }

    @Override
    public User getUserByName(Username name) throws UsersRepositoryException {
        return delegate.getUserByName(name);
    }

    @Override
    public void updateUser(User user) throws UsersRepositoryException {
        delegate.updateUser(user);
    }

    @Override
    public void removeUser(Username name) throws UsersRepositoryException {
        try {
            delegate.removeUser(name);
        } finally {
            exists.invalidate(name);
        }
    }

    @Override
    public boolean contains(Username name) throws UsersRepositoryException {
        Boolean known = exists.getIfPresent(name);
        if (known != null) {
            return known;
        }
        boolean answer = delegate.contains(name);
        exists.put(name, answer);
        return answer;
    }

    @Override
    public Publisher<Boolean> containsReactive(Username name) {
        return Mono.defer(() -> {
            Boolean known = exists.getIfPresent(name);
            if (known != null) {
                return Mono.just(known);
            }
            return Mono.from(delegate.containsReactive(name)).doOnNext(answer -> exists.put(name, answer));
        });
    }

    @Override
    public boolean test(Username name, String password) throws UsersRepositoryException {
        return delegate.test(name, password);
    }

    @Override
    public int countUsers() throws UsersRepositoryException {
        return delegate.countUsers();
    }

    @Override
    public Iterator<Username> list() throws UsersRepositoryException {
        return delegate.list();
    }

    @Override
    public Publisher<Username> listReactive() {
        return delegate.listReactive();
    }

    @Override
    public boolean supportVirtualHosting() throws UsersRepositoryException {
        return delegate.supportVirtualHosting();
    }

    @Override
    public Username getUsername(MailAddress mailAddress) throws UsersRepositoryException {
        return delegate.getUsername(mailAddress);
    }

    @Override
    public MailAddress getMailAddressFor(Username username) throws UsersRepositoryException {
        return delegate.getMailAddressFor(username);
    }

    @Override
    public boolean isAdministrator(Username username) throws UsersRepositoryException {
        return delegate.isAdministrator(username);
    }

    @Override
    public boolean isReadOnly() {
        return delegate.isReadOnly();
    }

    @Override
    public void assertValid(Username username) throws UsersRepositoryException {
        delegate.assertValid(username);
    }
}
