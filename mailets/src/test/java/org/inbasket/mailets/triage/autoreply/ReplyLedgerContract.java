package org.inbasket.mailets.triage.autoreply;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.james.core.MailAddress;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link ReplyLedger} must have. */
public abstract class ReplyLedgerContract {
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    private static final Duration DAY = Duration.ofDays(1);

    protected abstract ReplyLedger ledger();

    private static MailAddress address(String s) throws Exception {
        return new MailAddress(s);
    }

    @Test
    void tryAcquireShouldAllowTheFirstReply() throws Exception {
        assertThat(ledger().tryAcquire("urgent", address("pat@patients.example"), T0, DAY)).isTrue();
    }

    @Test
    void tryAcquireShouldRefuseASecondReplyWithinTheWindow() throws Exception {
        ReplyLedger ledger = ledger();
        ledger.tryAcquire("urgent", address("pat@patients.example"), T0, DAY);
        assertThat(ledger.tryAcquire("urgent", address("pat@patients.example"), T0.plus(Duration.ofHours(23)), DAY)).isFalse();
    }

    @Test
    void tryAcquireShouldIgnoreAddressCase() throws Exception {
        ReplyLedger ledger = ledger();
        ledger.tryAcquire("urgent", address("Pat@Patients.example"), T0, DAY);
        assertThat(ledger.tryAcquire("urgent", address("pat@patients.example"), T0.plusSeconds(1), DAY)).isFalse();
    }

    @Test
    void tryAcquireShouldAllowAgainOnceTheWindowHasPassed() throws Exception {
        ReplyLedger ledger = ledger();
        ledger.tryAcquire("urgent", address("pat@patients.example"), T0, DAY);
        assertThat(ledger.tryAcquire("urgent", address("pat@patients.example"), T0.plus(DAY), DAY)).isTrue();
    }

    @Test
    void tryAcquireShouldRestartTheWindowFromTheLastReply() throws Exception {
        ReplyLedger ledger = ledger();
        ledger.tryAcquire("urgent", address("pat@patients.example"), T0, DAY);
        ledger.tryAcquire("urgent", address("pat@patients.example"), T0.plus(DAY), DAY);
        assertThat(ledger.tryAcquire("urgent", address("pat@patients.example"), T0.plus(DAY).plusSeconds(60), DAY)).isFalse();
    }

    @Test
    void tryAcquireShouldKeepKindsApart() throws Exception {
        ReplyLedger ledger = ledger();
        ledger.tryAcquire("urgent", address("pat@patients.example"), T0, DAY);
        assertThat(ledger.tryAcquire("coverage", address("pat@patients.example"), T0, DAY)).isTrue();
    }

    @Test
    void tryAcquireShouldKeepSendersApart() throws Exception {
        ReplyLedger ledger = ledger();
        ledger.tryAcquire("urgent", address("pat@patients.example"), T0, DAY);
        assertThat(ledger.tryAcquire("urgent", address("kim@patients.example"), T0, DAY)).isTrue();
    }

    @Test
    void tryAcquireShouldGrantExactlyOneOfConcurrentAttempts() throws Exception {
        ReplyLedger ledger = ledger();
        MailAddress pat = address("pat@patients.example");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Boolean>> attempts = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                attempts.add(() -> ledger.tryAcquire("urgent", pat, T0, DAY));
            }
            int granted = 0;
            for (Future<Boolean> f : pool.invokeAll(attempts)) {
                granted += f.get() ? 1 : 0;
            }
            assertThat(granted).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void purgeBeforeShouldForgetOldRepliesOnly() throws Exception {
        ReplyLedger ledger = ledger();
        ledger.tryAcquire("urgent", address("old@patients.example"), T0, DAY);
        ledger.tryAcquire("urgent", address("new@patients.example"), T0.plus(Duration.ofDays(3)), DAY);
        assertThat(ledger.purgeBefore(T0.plus(Duration.ofDays(2)))).isEqualTo(1);
        Duration longWindow = Duration.ofDays(30);
        assertThat(ledger.tryAcquire("urgent", address("old@patients.example"), T0.plus(Duration.ofDays(4)), longWindow)).isTrue();
        assertThat(ledger.tryAcquire("urgent", address("new@patients.example"), T0.plus(Duration.ofDays(4)), longWindow)).isFalse();
    }
}
