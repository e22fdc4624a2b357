package org.inbasket.mailets.triage.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.james.core.MailAddress;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link PoolDirectory} must have. */
public abstract class PoolDirectoryContract {
    protected abstract PoolDirectory directory();

    static MailAddress a(String s) throws Exception {
        return new MailAddress(s);
    }

    @Test
    void createPoolShouldMakeAPoolOnce() throws Exception {
        PoolDirectory d = directory();
        assertThat(d.createPool(a("rn-pool@clinic.example"))).isTrue();
        assertThat(d.createPool(a("RN-Pool@clinic.example"))).isFalse();
        assertThat(d.isPool(a("rn-pool@clinic.example"))).isTrue();
        assertThat(d.pools()).hasSize(1);
    }

    @Test
    void isPoolShouldBeFalseForAnUnknownAddress() throws Exception {
        assertThat(directory().isPool(a("dr.house@clinic.example"))).isFalse();
    }

    @Test
    void addMemberShouldAddOnceAndListTheMember() throws Exception {
        PoolDirectory d = directory();
        d.createPool(a("rn-pool@clinic.example"));
        assertThat(d.addMember(a("rn-pool@clinic.example"), a("nurse.joy@clinic.example"))).isTrue();
        assertThat(d.addMember(a("rn-pool@clinic.example"), a("Nurse.Joy@clinic.example"))).isFalse();
        assertThat(d.members(a("rn-pool@clinic.example"))).containsExactly(a("nurse.joy@clinic.example"));
        assertThat(d.poolsOf(a("nurse.joy@clinic.example"))).containsExactly(a("rn-pool@clinic.example"));
    }

    @Test
    void addMemberShouldRejectAnUnknownPool() {
        assertThatThrownBy(() -> directory().addMember(a("nope@clinic.example"), a("nurse.joy@clinic.example")))
            .isInstanceOf(PoolDirectory.UnknownPoolException.class);
    }

    @Test
    void addMemberShouldRejectAPoolAsMember() throws Exception {
        PoolDirectory d = directory();
        d.createPool(a("rn-pool@clinic.example"));
        d.createPool(a("ma-pool@clinic.example"));
        assertThatThrownBy(() -> d.addMember(a("rn-pool@clinic.example"), a("ma-pool@clinic.example")))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void membersShouldRejectAnUnknownPool() {
        assertThatThrownBy(() -> directory().members(a("nope@clinic.example")))
            .isInstanceOf(PoolDirectory.UnknownPoolException.class);
    }

    @Test
    void removeMemberShouldRemoveOnlyThatMember() throws Exception {
        PoolDirectory d = directory();
        d.createPool(a("rn-pool@clinic.example"));
        d.addMember(a("rn-pool@clinic.example"), a("nurse.joy@clinic.example"));
        d.addMember(a("rn-pool@clinic.example"), a("nurse.ann@clinic.example"));
        assertThat(d.removeMember(a("rn-pool@clinic.example"), a("NURSE.JOY@clinic.example"))).isTrue();
        assertThat(d.removeMember(a("rn-pool@clinic.example"), a("nurse.joy@clinic.example"))).isFalse();
        assertThat(d.members(a("rn-pool@clinic.example"))).containsExactly(a("nurse.ann@clinic.example"));
    }

    @Test
    void deletePoolShouldRemoveThePoolAndItsMemberships() throws Exception {
        PoolDirectory d = directory();
        d.createPool(a("rn-pool@clinic.example"));
        d.addMember(a("rn-pool@clinic.example"), a("nurse.joy@clinic.example"));
        assertThat(d.deletePool(a("rn-pool@clinic.example"))).isTrue();
        assertThat(d.deletePool(a("rn-pool@clinic.example"))).isFalse();
        assertThat(d.isPool(a("rn-pool@clinic.example"))).isFalse();
        assertThat(d.poolsOf(a("nurse.joy@clinic.example"))).isEmpty();
    }

    @Test
    void poolsOfShouldListEveryPoolOfAMember() throws Exception {
        PoolDirectory d = directory();
        d.createPool(a("rn-pool@clinic.example"));
        d.createPool(a("ma-pool@clinic.example"));
        d.addMember(a("rn-pool@clinic.example"), a("nurse.joy@clinic.example"));
        d.addMember(a("ma-pool@clinic.example"), a("nurse.joy@clinic.example"));
        assertThat(d.poolsOf(a("nurse.joy@clinic.example")))
            .containsExactlyInAnyOrder(a("rn-pool@clinic.example"), a("ma-pool@clinic.example"));
    }

    @Test
    void seedIntoShouldCreateConfiguredPoolsAndMembersAdditively() throws Exception {
        PoolDirectory d = directory();
        d.createPool(a("rn-pool@clinic.example"));
        d.addMember(a("rn-pool@clinic.example"), a("nurse.ann@clinic.example"));
        PoolRules rules = PoolRules.parse("pools.conf", "[category refill]\nkind = administrative\n"
            + "[pool rn-pool@clinic.example]\nmembers = nurse.joy@clinic.example\n");
        rules.seedInto(d);
        rules.seedInto(d);
        assertThat(d.members(a("rn-pool@clinic.example")))
            .containsExactlyInAnyOrder(a("nurse.ann@clinic.example"), a("nurse.joy@clinic.example"));
    }
}
