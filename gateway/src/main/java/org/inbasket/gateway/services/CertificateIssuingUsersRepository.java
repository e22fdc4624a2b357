package org.inbasket.gateway.services;

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

/**
 * The JPA users repository, plus an S/MIME certificate for every user created through it (WebAdmin, the admin
 * CLI, {@code --demo}). Issuing never fails the creation: maintenance retries for users without a certificate.
 */
public final class CertificateIssuingUsersRepository implements UsersRepository {
    private static final Logger LOGGER = LoggerFactory.getLogger(CertificateIssuingUsersRepository.class);

    private final JPAUsersRepository delegate;
    private final CertificateProvisioning provisioning;

    @Inject
    public CertificateIssuingUsersRepository(JPAUsersRepository delegate, CertificateProvisioning provisioning) {
        this.delegate = delegate;
        this.provisioning = provisioning;
    }

    @Override
    public void addUser(Username username, String password) throws UsersRepositoryException {
        delegate.addUser(username, password);
        try {
            provisioning.ensureCertificate(username.asString());
        } catch (SmimeException | RuntimeException e) {
            LOGGER.warn("User {} created without an S/MIME certificate (maintenance retries): {}",
                username.asString(), e.getMessage());
        }
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
        delegate.removeUser(name);
    }

    @Override
    public boolean contains(Username name) throws UsersRepositoryException {
        return delegate.contains(name);
    }

    @Override
    public Publisher<Boolean> containsReactive(Username name) {
        return delegate.containsReactive(name);
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
