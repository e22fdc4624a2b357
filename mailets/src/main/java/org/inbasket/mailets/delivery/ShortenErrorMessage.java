package org.inbasket.mailets.delivery;

import java.util.Set;

import javax.mail.MessagingException;

import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;

/**
 * Cuts the mail's error message to its first line and at most {@code length} characters, so that a mail
 * repository can store it. James 3.8.1 writes the whole stack trace as the error message of a mail whose mailet
 * failed, and its JPA mail repository keeps the error message in a {@code VARCHAR(200)} column: storing such a
 * mail fails (PostgreSQL: "value too long", Derby: "truncation error"), so it could be neither processed nor
 * held. The stack trace is in the log already. Put it before each {@code ToRepository} that can see a failed
 * mail.
 *
 * <p>Parameters: {@code length} (default 200, from 20 to 200): the most characters kept, an ellipsis
 * ({@code ...}) included; {@code reasonIfNone} (optional): the error message given to a mail that has none
 * (James's {@code LocalDelivery} sends a mailbox store failure to {@code error} as a new mail without one),
 * so that a held mail always says why. Unknown parameters fail the start. Failure: none.</p>
 *
 * <p>SECURITY: only shortens what James wrote; it adds nothing from the mail.</p>
 *
 * <pre>{@code
 * <mailet match="All" class="org.inbasket.mailets.delivery.ShortenErrorMessage"/>
 * }</pre>
 */
public class ShortenErrorMessage extends GenericMailet {
    static final int MAX = 200;
    private int length;
    private String reasonIfNone;

    @Override
    public void init() throws MessagingException {
        checkInitParameters(Set.of("length", "reasonIfNone"));
        reasonIfNone = getInitParameter("reasonIfNone");
        if (reasonIfNone != null && reasonIfNone.isBlank()) {
            throw new MessagingException(getMailetName() + ": parameter 'reasonIfNone' must not be empty");
        }
        String value = getInitParameter("length");
        try {
            length = value == null ? MAX : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new MessagingException(getMailetName() + ": parameter 'length' must be a number, got '" + value + "'");
        }
        if (length < 20 || length > MAX) {
            throw new MessagingException(getMailetName() + ": parameter 'length' must be from 20 to " + MAX
                + ", got '" + value + "'");
        }
    }

    @Override
    public void service(Mail mail) {
        if (mail.getErrorMessage() != null) {
            mail.setErrorMessage(shorten(mail.getErrorMessage(), length));
        } else if (reasonIfNone != null) {
            mail.setErrorMessage(shorten(reasonIfNone.trim(), length));
        }
    }

    /** The first line of {@code message}, cut to {@code length} characters with {@code ...} when longer. */
    static String shorten(String message, int length) {
        String line = TransientFailures.firstLine(message);
        return line.length() <= length ? line : line.substring(0, length - 3) + "...";
    }

    @Override
    public String getMailetInfo() {
        return "Shortens the error message so that a mail repository can store it";
    }
}
