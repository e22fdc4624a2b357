package org.inbasket.mailets.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLNonTransientConnectionException;
import java.util.NoSuchElementException;

import javax.mail.MessagingException;

import org.junit.jupiter.api.Test;

class TransientFailuresTest {
    @Test
    void isTransientShouldFindAConnectionFailureWrappedSeveralTimes() {
        SQLException refused = new SQLException("Connection to 127.0.0.1:5432 refused", "08001");
        Exception jpa = new RuntimeException("openjpa persistence failure", new IllegalStateException("wrapped", refused));
        MessagingException mailet = new MessagingException("cannot store", jpa);

        assertThat(TransientFailures.isTransient(mailet)).isTrue();
    }

    @Test
    void isTransientShouldFollowSqlNextExceptions() {
        SQLException batch = new SQLException("batch failed", "XX000");
        batch.setNextException(new SQLException("terminating connection due to administrator command", "57P01"));

        assertThat(TransientFailures.isTransient(new MessagingException("x", batch))).isTrue();
    }

    @Test
    void isTransientShouldRecogniseConnectionTypesPoolTimeoutsAndRefusedSockets() {
        assertThat(TransientFailures.isTransient(new SQLNonTransientConnectionException("closed"))).isTrue();
        assertThat(TransientFailures.isTransient(new SQLException("Cannot get a connection, pool error",
            new NoSuchElementException("Timeout waiting for idle object")))).isTrue();
        assertThat(TransientFailures.isTransient(new MessagingException("x", new ConnectException("refused")))).isTrue();
        assertThat(TransientFailures.isTransient(new SQLException("too many clients", "53300"))).isTrue();
    }

    @Test
    void isTransientShouldRejectFailuresOfTheMailOrOfTheData() {
        assertThat(TransientFailures.isTransient(new MessagingException("bad MIME"))).isFalse();
        assertThat(TransientFailures.isTransient(new SQLIntegrityConstraintViolationException("dup", "23505"))).isFalse();
        assertThat(TransientFailures.isTransient(new SQLException("value too long", "22001"))).isFalse();
        assertThat(TransientFailures.isTransient(new NoSuchElementException("no such user"))).isFalse();
        assertThat(TransientFailures.isTransient(null)).isFalse();
    }

    @Test
    void isTransientShouldStopOnACauseCycle() {
        MessagingException a = new MessagingException("a");
        MessagingException b = new MessagingException("b", a);
        a.setNextException(b);

        assertThat(TransientFailures.isTransient(a)).isFalse();
    }
}
