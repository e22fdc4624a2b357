package org.inbasket.gateway.james;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.james.core.Domain;
import org.apache.james.domainlist.lib.DomainListConfiguration;
import org.apache.james.domainlist.memory.MemoryDomainList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.google.common.base.Ticker;

class CachingDomainListTest {
    private static final Domain CLINIC = Domain.of("clinic.example");

    MemoryDomainList database;
    CachingDomainList domains;
    AtomicLong nanos = new AtomicLong();

    @BeforeEach
    void setUp() throws Exception {
        database = new MemoryDomainList(null); // no DNS: nothing is auto-detected
        database.configure(DomainListConfiguration.builder().autoDetect(false).autoDetectIp(false).build());
        domains = new CachingDomainList(database, new Ticker() {
            @Override
            public long read() {
                return nanos.get();
            }
        });
    }

    /** The case James's own read cache gets wrong: a "no" asked just before the domain is added. */
    @Test
    void aDomainAddedRightAfterANoShouldBeLocalAtOnce() throws Exception {
        assertThat(domains.containsDomain(CLINIC)).isFalse();

        domains.addDomain(CLINIC);

        assertThat(domains.containsDomain(CLINIC)).isTrue();
        domains.removeDomain(CLINIC);
        assertThat(domains.containsDomain(CLINIC)).isFalse();
    }

    @Test
    void answersShouldBeKeptForTheTtlThenAskedAgain() throws Exception {
        domains.addDomain(CLINIC);
        assertThat(domains.containsDomain(CLINIC)).isTrue();

        database.removeDomain(CLINIC);
        assertThat(domains.containsDomain(CLINIC)).as("cached within the TTL").isTrue();

        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(CachingDomainList.TTL.toMillis() + 1));
        assertThat(domains.containsDomain(CLINIC)).as("asked again after the TTL").isFalse();
    }
}
