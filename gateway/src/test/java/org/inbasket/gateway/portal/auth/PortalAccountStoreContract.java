package org.inbasket.gateway.portal.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link PortalAccountStore} shares. */
public abstract class PortalAccountStoreContract {
    static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");
    static final String PAT = "pat@patientmail.example";

    protected PortalAccountStore store;

    protected abstract PortalAccountStore createStore();

    @BeforeEach
    void setUpContract() {
        store = createStore();
    }

    @Test
    void findShouldBeEmptyBeforeAPasswordIsSet() throws Exception {
        assertThat(store.find(PAT)).isEmpty();
    }

    @Test
    void setPasswordShouldCreateTheAccountAndThenReplaceTheHash() throws Exception {
        store.setPassword(PAT, "h1", NOW);
        store.setPassword(PAT, "h2", NOW.plusSeconds(60));

        Account account = store.find(PAT).orElseThrow();
        assertThat(account.passwordHash()).isEqualTo("h2");
        assertThat(account.createdAt()).isEqualTo(NOW);
        assertThat(account.lockedAt(NOW)).isFalse();
    }

    @Test
    void recordFailedLoginShouldLockTheAccountAtTheLimit() throws Exception {
        store.setPassword(PAT, "h", NOW);

        assertThat(store.recordFailedLogin(PAT, NOW, 3, Duration.ofMinutes(15))).isEmpty();
        assertThat(store.recordFailedLogin(PAT, NOW, 3, Duration.ofMinutes(15))).isEmpty();
        assertThat(store.recordFailedLogin(PAT, NOW, 3, Duration.ofMinutes(15)))
            .contains(NOW.plus(Duration.ofMinutes(15)));

        Account account = store.find(PAT).orElseThrow();
        assertThat(account.lockedAt(NOW.plus(Duration.ofMinutes(14)))).isTrue();
        assertThat(account.lockedAt(NOW.plus(Duration.ofMinutes(15)))).isFalse();
    }

    @Test
    void recordSuccessfulLoginShouldResetTheFailureCount() throws Exception {
        store.setPassword(PAT, "h", NOW);
        store.recordFailedLogin(PAT, NOW, 3, Duration.ofMinutes(15));
        store.recordFailedLogin(PAT, NOW, 3, Duration.ofMinutes(15));

        store.recordSuccessfulLogin(PAT);

        assertThat(store.recordFailedLogin(PAT, NOW, 3, Duration.ofMinutes(15))).isEmpty();
        assertThat(store.find(PAT).orElseThrow().failedLogins()).isEqualTo(1);
    }

    @Test
    void setPasswordShouldClearALock() throws Exception {
        store.setPassword(PAT, "h", NOW);
        store.recordFailedLogin(PAT, NOW, 1, Duration.ofMinutes(15));

        store.setPassword(PAT, "new", NOW);

        assertThat(store.find(PAT).orElseThrow().lockedAt(NOW)).isFalse();
    }

    @Test
    void recordFailedLoginShouldDoNothingForAnUnknownAddress() throws Exception {
        assertThat(store.recordFailedLogin("nobody@x.example", NOW, 1, Duration.ofMinutes(15))).isEmpty();
        assertThat(store.find("nobody@x.example")).isEmpty();
    }

    @Test
    void useCodeShouldAcceptTheRightCodeOnce() throws Exception {
        store.putCode(PAT, CodePurpose.FIRST_PICKUP, "abc", NOW.plusSeconds(600));

        assertThat(store.useCode(PAT, CodePurpose.FIRST_PICKUP, "abc", NOW, 5)).isEqualTo(CodeCheck.VALID);
        assertThat(store.useCode(PAT, CodePurpose.FIRST_PICKUP, "abc", NOW, 5)).isEqualTo(CodeCheck.UNAVAILABLE);
    }

    @Test
    void useCodeShouldNotAcceptACodeForAnotherPurpose() throws Exception {
        store.putCode(PAT, CodePurpose.FIRST_PICKUP, "abc", NOW.plusSeconds(600));

        assertThat(store.useCode(PAT, CodePurpose.RESET, "abc", NOW, 5)).isEqualTo(CodeCheck.UNAVAILABLE);
    }

    @Test
    void useCodeShouldRefuseAnExpiredCode() throws Exception {
        store.putCode(PAT, CodePurpose.RESET, "abc", NOW.plusSeconds(600));

        assertThat(store.useCode(PAT, CodePurpose.RESET, "abc", NOW.plusSeconds(600), 5))
            .isEqualTo(CodeCheck.UNAVAILABLE);
    }

    @Test
    void useCodeShouldDiscardTheCodeAfterTooManyWrongAttempts() throws Exception {
        store.putCode(PAT, CodePurpose.RESET, "abc", NOW.plusSeconds(600));

        assertThat(store.useCode(PAT, CodePurpose.RESET, "x", NOW, 3)).isEqualTo(CodeCheck.WRONG);
        assertThat(store.useCode(PAT, CodePurpose.RESET, "y", NOW, 3)).isEqualTo(CodeCheck.WRONG);
        assertThat(store.useCode(PAT, CodePurpose.RESET, "z", NOW, 3)).isEqualTo(CodeCheck.WRONG);
        assertThat(store.useCode(PAT, CodePurpose.RESET, "abc", NOW, 3)).isEqualTo(CodeCheck.UNAVAILABLE);
    }

    @Test
    void putCodeShouldReplaceTheEarlierCode() throws Exception {
        store.putCode(PAT, CodePurpose.RESET, "old", NOW.plusSeconds(600));
        store.putCode(PAT, CodePurpose.RESET, "new", NOW.plusSeconds(600));

        assertThat(store.useCode(PAT, CodePurpose.RESET, "old", NOW, 5)).isEqualTo(CodeCheck.WRONG);
        assertThat(store.useCode(PAT, CodePurpose.RESET, "new", NOW, 5)).isEqualTo(CodeCheck.VALID);
    }

    @Test
    void purgeCodesShouldDeleteExpiredCodes() throws Exception {
        store.putCode(PAT, CodePurpose.RESET, "a", NOW.plusSeconds(10));
        store.putCode(PAT, CodePurpose.FIRST_PICKUP, "b", NOW.plusSeconds(1000));

        assertThat(store.purgeCodes(NOW.plusSeconds(10))).isEqualTo(1);
        assertThat(store.useCode(PAT, CodePurpose.FIRST_PICKUP, "b", NOW, 5)).isEqualTo(CodeCheck.VALID);
    }
}
