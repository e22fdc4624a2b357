package org.inbasket.gateway.bench;

import java.util.List;

import javax.mail.MessagingException;
import javax.mail.Store;

/**
 * A mail server under load: started fresh for each run, with the demo domain {@code clinic.example} and
 * its users (password {@code demo}), on free loopback ports.
 */
interface BenchTarget extends AutoCloseable {
    String DOMAIN = "clinic.example";
    String PASSWORD = "demo";

    String name();

    /** Starts a fresh instance, waits until it takes mail, provisions the users; returns how long it took to be ready. */
    Readiness start() throws Exception;

    int smtpPort();

    /** A logged-in IMAP connection as {@code user}. */
    Store imap(String user) throws MessagingException;

    long pid();

    /** Other processes doing this server's work now (its PostgreSQL backends), whose CPU time counts too. */
    default List<Long> helperPids() {
        return List.of();
    }

    /** Messages the server sent out (to the test's relay sink) during the run; -1 if it has no sink. */
    default int relayed() {
        return -1;
    }

    /** Where the server's console output went, for when a run fails. */
    String describeOutput();

    @Override
    void close();

    /**
     * Time to ready, from process launch: {@code observedMillis} until the SMTP port greets and WebAdmin
     * answers (measured the same way for every target); {@code reportedMillis} as the server itself prints
     * it, or -1.
     */
    record Readiness(long observedMillis, long reportedMillis) {
    }
}
