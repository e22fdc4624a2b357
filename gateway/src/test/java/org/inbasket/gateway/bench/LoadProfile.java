package org.inbasket.gateway.bench;

import java.util.List;

/**
 * What the load generator offers: how many messages, over how many concurrent SMTP sessions, to which
 * recipients (message {@code i} goes to {@code recipients[i % size]}), built by which {@link MessageSource},
 * at which offered rate ({@code ratePerSecond}; 0: as fast as the sessions go, i.e. saturation).
 */
public record LoadProfile(String name, int messages, int sessions, List<String> recipients, MessageSource source,
                          double ratePerSecond, int prefill) {
    public static final String SENDER = "bench@outside.example";

    /**
     * {@code prefill}: messages put into the first recipient's INBOX over IMAP APPEND before the load, so that the
     * load meets a mailbox of that size (issue 8: growth with stored mailbox size).
     */
    public LoadProfile {
        if (messages < 1 || sessions < 1 || recipients.isEmpty() || ratePerSecond < 0 || prefill < 0) {
            throw new IllegalArgumentException("a load needs messages, sessions, recipients, a rate >= 0 and a prefill >= 0");
        }
        recipients = List.copyOf(recipients);
    }

    public LoadProfile(String name, int messages, int sessions, List<String> recipients, MessageSource source,
                       double ratePerSecond) {
        this(name, messages, sessions, recipients, source, ratePerSecond, 0);
    }

    public LoadProfile(String name, int messages, int sessions, List<String> recipients, MessageSource source) {
        this(name, messages, sessions, recipients, source, 0);
    }

    public String recipientFor(int index) {
        return recipients.get(index % recipients.size());
    }

    /** Messages each recipient's INBOX holds when everything is delivered. */
    public int expectedFor(String recipient) {
        int count = 0;
        for (int i = 0; i < messages; i++) {
            if (recipientFor(i).equals(recipient)) {
                count++;
            }
        }
        return count;
    }
}
