package org.inbasket.mailets.delivery;

import java.time.Instant;

/**
 * Remembers which mails handed to an {@code outgoing} queue were relayed, so that a second copy of the same mail
 * (James's spool replays a mail whose acknowledgement a crash prevented, after it was already queued for relay)
 * is not sent to the outside twice. A mail is identified by a key (the James mail name and its Message-ID) and
 * the number of RemoteDelivery retries its copy carries: RemoteDelivery requeues the same mail, with one more
 * retry, after a temporary failure, and that copy must be sent.
 *
 * <p>Claims are atomic: of two copies dequeued at once, one gets {@link Decision#SEND}. A claim held by another
 * owner (a gateway process that was killed) or older than the lease can be taken over, so a crash never blocks
 * a mail for good.</p>
 */
public interface RelayLedger {
    /** What to do with a dequeued copy. */
    enum Decision {
        /** This copy holds the claim: send it, then report {@link #sent} or {@link #retrying}. */
        SEND,
        /** The mail was sent (or bounced for good): drop this copy. */
        ALREADY_SENT,
        /** A copy with more retries exists (RemoteDelivery requeued it): drop this older copy. */
        SUPERSEDED,
        /** Another copy is being sent by this process right now: look at this one again later. */
        BUSY
    }

    Decision claim(String key, int attempt, String owner);

    /** The copy claimed by {@code owner} was delivered, or failed for good and was bounced. */
    void sent(String key, String owner);

    /** The copy claimed by {@code owner} will be tried again as the copy with {@code nextAttempt} retries. */
    void retrying(String key, String owner, int nextAttempt);

    /** Forgets mails last changed before {@code cutoff}; returns how many. */
    int purgeUpdatedBefore(Instant cutoff);
}
