package org.inbasket.gateway.services;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.james.core.Domain;
import org.apache.james.core.Username;
import org.apache.james.domainlist.memory.MemoryDomainList;
import org.apache.james.user.memory.MemoryUsersRepository;
import org.inbasket.mailets.smime.ca.CertificateAuthority;
import org.inbasket.mailets.smime.ca.CertificateAuthoritySettings;
import org.inbasket.mailets.smime.directory.InMemoryCertificateDirectory;
import org.inbasket.mailets.smime.directory.InMemoryPrivateKeyDirectory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.common.base.Ticker;

import reactor.core.publisher.Mono;

/** Certificates for new users, and the short-lived "does this user exist?" cache in front of the database. */
class CertificateIssuingUsersRepositoryTest {
    private static final Username GREY = Username.of("dr.grey@clinic.example");

    @TempDir
    Path ca;
    MemoryUsersRepository database;
    InMemoryCertificateDirectory certificates;
    CertificateIssuingUsersRepository users;
    AtomicLong nanos = new AtomicLong();

    @BeforeEach
    void setUp() throws Exception {
        MemoryDomainList domains = new MemoryDomainList(null); // no DNS: nothing is auto-detected
        domains.configure(org.apache.james.domainlist.lib.DomainListConfiguration.builder().autoDetect(false).autoDetectIp(false).build());
        domains.addDomain(Domain.of("clinic.example"));
        database = MemoryUsersRepository.withVirtualHosting(domains);
        certificates = new InMemoryCertificateDirectory();
        CertificateAuthority authority = CertificateAuthority.openOrCreate(ca, "ca-password".toCharArray(),
            CertificateAuthoritySettings.DEFAULT, Clock.systemUTC());
        CertificateProvisioning provisioning =
            new CertificateProvisioning(authority, certificates, new InMemoryPrivateKeyDirectory(), Clock.systemUTC());
        users = new CertificateIssuingUsersRepository(database, provisioning, new Ticker() {
            @Override
            public long read() {
                return nanos.get();
            }
        });
    }

    @Test
    void aNewUserGetsACertificate() throws Exception {
        users.addUser(GREY, "secret");

        assertThat(certificates.list(GREY.asString())).hasSize(1);
    }

    @Test
    void usersAddedAndRemovedHereAreSeenAtOnceDespiteTheCache() throws Exception {
        assertThat(users.contains(GREY)).isFalse();
        users.addUser(GREY, "secret");
        assertThat(users.contains(GREY)).isTrue();
        assertThat(Mono.from(users.containsReactive(GREY)).block()).isTrue();

        users.removeUser(GREY);

        assertThat(users.contains(GREY)).isFalse();
        assertThat(Mono.from(users.containsReactive(GREY)).block()).isFalse();
    }

    @Test
    void answersAreKeptForTheTtlThenAskedAgain() throws Exception {
        users.addUser(GREY, "secret");
        assertThat(users.contains(GREY)).isTrue();

        database.removeUser(GREY);
        assertThat(users.contains(GREY)).as("cached answer within the TTL").isTrue();
        assertThat(Mono.from(users.containsReactive(GREY)).block()).isTrue();

        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(CertificateIssuingUsersRepository.EXISTS_CACHE_TTL.toMillis() + 1));
        assertThat(Mono.from(users.containsReactive(GREY)).block()).as("asked again after the TTL").isFalse();
        assertThat(users.contains(GREY)).isFalse();
    }
}
