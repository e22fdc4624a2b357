package org.inbasket.gateway.portal.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {
    private final PasswordHasher hasher = new PasswordHasher(1024, 1, 1);

    @Test
    void verifyShouldAcceptTheRightPasswordOnly() {
        String hash = hasher.hash("correct horse battery");

        assertThat(hash).startsWith("$argon2id$v=19$m=1024,t=1,p=1$");
        assertThat(hasher.verify("correct horse battery", hash)).isTrue();
        assertThat(hasher.verify("correct horse batterY", hash)).isFalse();
    }

    @Test
    void hashShouldBeSaltedSoEqualPasswordsDiffer() {
        assertThat(hasher.hash("same password")).isNotEqualTo(hasher.hash("same password"));
    }

    @Test
    void verifyShouldReadTheCostFromTheStoredHash() {
        String strong = new PasswordHasher().hash("pw-pw-pw-pw");

        assertThat(hasher.verify("pw-pw-pw-pw", strong)).isTrue();
    }

    @Test
    void verifyShouldRefuseAMalformedHash() {
        assertThat(hasher.verify("x", "$2a$10$bcrypt")).isFalse();
        assertThat(hasher.verify("x", "")).isFalse();
    }
}
