package org.inbasket.mailets.smime;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.inbasket.mailets.delivery.TransientFailures;
import org.apache.mailet.base.GenericMailet;
import org.inbasket.mailets.smime.directory.DirectoryException;
import org.inbasket.mailets.smime.directory.PrivateKeyDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs a mail with S/MIME: detached {@code multipart/signed}, SHA-256, RSA or ECDSA, with the sender's key
 * or the sender's domain key from the {@link PrivateKeyDirectory}.
 *
 * <p>The sender is the envelope sender (MAIL FROM), which James ties to the authenticated user; keys of a
 * domain are stored under the bare domain name. A mail that is already signed or encrypted is left as it
 * is. Run it before {@link SmimeEncrypt} (sign, then encrypt).</p>
 *
 * <p>Parameters:</p>
 * <ul>
 *   <li>{@code signWith}: {@code sender} (default), {@code domain}, or {@code sender-or-domain} (the
 *       sender's key, else the domain's);</li>
 *   <li>{@code onMissingKey}: {@code error} (default: send the mail to {@code errorProcessor}) or
 *       {@code pass} (leave it unsigned, log at INFO);</li>
 *   <li>{@code errorProcessor}: where a mail goes when it cannot be signed, default {@code error}.</li>
 * </ul>
 *
 * <p>Failure: no usable key (with {@code onMissingKey=error}), a key that cannot sign, an unreadable
 * message or a key store failure sends the mail to {@code errorProcessor} with the reason in
 * {@link SmimeMailAttributes#ERROR}. Mails with a null sender (bounces) have no sender key; with
 * {@code signWith=sender} they count as missing a key.</p>
 *
 * <p>SECURITY: this mailet signs whatever reaches it with the sender's key. Only mail submitted by an
 * authenticated local user whose MAIL FROM James verified may reach it (for example behind
 * {@code SMTPAuthSuccessful} with James's sender verification on); never relayed or inbound mail.</p>
 */
public class SmimeSign extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(SmimeSign.class);

    private final PrivateKeyDirectory keys;
    private final Clock clock;
    private final SmimeSigner signer = new SmimeSigner();
    private String signWith;
    private boolean errorOnMissingKey;
    private String errorProcessor;

    @Inject
    public SmimeSign(PrivateKeyDirectory keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    @Override
    public void init() throws MessagingException {
        checkInitParameters(Set.of("signWith", "onMissingKey", "errorProcessor"));
        MailetParameters parameters = new MailetParameters(getMailetConfig());
        signWith = parameters.oneOf("signWith", "sender", "sender", "domain", "sender-or-domain");
        errorOnMissingKey = parameters.oneOf("onMissingKey", "error", "error", "pass").equals("error");
        errorProcessor = parameters.processor("errorProcessor", Mail.ERROR);
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        MimeMessage message = mail.getMessage();
        SmimeKind kind = SmimeMessages.kindOf(message);
        if (kind != SmimeKind.NONE) {
            LOGGER.debug("Mail {} is already S/MIME ({}), not signed again", mail.getName(), kind);
            return;
        }
        Optional<SmimeIdentity> key;
        try {
            key = signingKey(mail);
        } catch (DirectoryException e) {
            if (TransientFailures.isTransient(e)) {
                // The database is restarting: James's error handling gives the mail to RetryLater (ADR 0067).
                throw new MessagingException("the certificate directory is unavailable for now", e);
            }
            fail(mail, "the key store failed: " + e.getMessage());
            return;
        }
        if (key.isEmpty()) {
            if (errorOnMissingKey) {
                fail(mail, "no valid signing key for the sender (signWith=" + signWith + ")");
            } else {
                LOGGER.info("Mail {} left unsigned: no valid signing key (signWith={})", mail.getName(), signWith);
            }
            return;
        }
        try {
            mail.setMessage(signer.sign(message, key.get()));
        } catch (SmimeException e) {
            fail(mail, e.getMessage());
        }
    }

    private Optional<SmimeIdentity> signingKey(Mail mail) {
        Optional<MailAddress> sender = mail.getMaybeSender().asOptional();
        if (sender.isEmpty()) {
            return Optional.empty();
        }
        List<String> owners = new ArrayList<>();
        if (!signWith.equals("domain")) {
            owners.add(sender.get().asString());
        }
        if (!signWith.equals("sender")) {
            owners.add(sender.get().getDomain().asString());
        }
        for (String owner : owners) {
            Optional<SmimeIdentity> key = keys.findSigningKey(owner, clock.instant());
            if (key.isPresent()) {
                return key;
            }
        }
        return Optional.empty();
    }

    private void fail(Mail mail, String reason) {
        LOGGER.warn("S/MIME signing failed for mail {}: {}", mail.getName(), reason);
        SmimeMailAttributes.sendToErrorProcessor(mail, errorProcessor, "sign", reason);
    }

    @Override
    public String getMailetInfo() {
        return "S/MIME signing with the sender's or the domain's key";
    }
}
