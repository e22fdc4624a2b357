package org.inbasket.gateway.bench;

import java.util.List;

/**
 * What the load generator offers: how many messages, over how many concurrent SMTP sessions, to which
 * recipients (message {@code i} goes to {@code recipients[i % size]}), built by which {@link MessageSource}.
 * A later profile (issue 8: size mix, fixed offered rate) is another source plus a pacing, not a new harness.
 */
public record LoadProfile(String name, int messages, int sessions, List<String> recipients, MessageSource source) {
    public static final String SENDER = "bench@outside.example";

    public LoadProfile {
        if (messages < 1 || sessions < 1 || recipients.isEmpty()) {
            throw new IllegalArgumentException("a load needs messages, sessions and recipients");
        }
        recipients = List.copyOf(recipients);
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
