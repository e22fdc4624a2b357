package org.inbasket.mailets.smime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * Decrypts an inbound S/MIME mail with a local recipient's key and stamps
 * {@value SmimeHeaders#ENCRYPTION} with the outcome (see {@link SmimeHeaders}).
 *
 * <p>Keys come from the {@link PrivateKeyDirectory}: every key of every recipient of the mail (expired ones
 * too, for old mail) and, when {@code useDomainKey} is on, the keys stored under each recipient's domain.
 * The decrypted mail keeps the outer header fields; a Subject protected inside (header protection) is
 * restored. A signature inside is left for {@link SmimeVerify}, which should run next.</p>
 *
 * <p>Every incoming {@value SmimeHeaders#ENCRYPTION} header is removed first, so run this mailet on all
 * inbound mail ({@code match="All"}); on a mail that is not encrypted it only removes that header.</p>
 *
 * <p>Parameters:</p>
 * <ul>
 *   <li>{@code onNoKey}: {@code pass} (default: the mail stays encrypted, stamped {@code no-key}, for a
 *       recipient whose own client holds the key) or {@code error};</li>
 *   <li>{@code useDomainKey}: {@code true} (default) or {@code false};</li>
 *   <li>{@code errorProcessor}: default {@code error}.</li>
 * </ul>
 *
 * <p>Failure: a damaged or tampered envelope, a failed decryption, an unsupported algorithm or a key
 * store failure sends the mail, still encrypted, to {@code errorProcessor} with the reason in
 * {@link SmimeMailAttributes#ERROR}; {@link SmimeMailAttributes#ENCRYPTION} holds the status.</p>
 *
 * <p>SECURITY: after this mailet the mail is plaintext inside the gateway; store it encrypted at rest
 * ({@link SmimeEncrypt} in the local delivery processor). A mail decrypted with one recipient's key
 * reaches all its local recipients in clear: split multi-recipient mail first when that matters.</p>
 */
public class SmimeDecrypt extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(SmimeDecrypt.class);

    private final PrivateKeyDirectory keys;
    private final SmimeDecryptor decryptor = new SmimeDecryptor();
    private boolean errorOnNoKey;
    private boolean useDomainKey;
    private String errorProcessor;

    @Inject
    public SmimeDecrypt(PrivateKeyDirectory keys) {
        this.keys = keys;
    }

    @Override
    public void init() throws MessagingException {
        checkInitParameters(Set.of("onNoKey", "useDomainKey", "errorProcessor"));
        MailetParameters parameters = new MailetParameters(getMailetConfig());
        errorOnNoKey = parameters.oneOf("onNoKey", "pass", "pass", "error").equals("error");
        useDomainKey = parameters.bool("useDomainKey", true);
        errorProcessor = parameters.processor("errorProcessor", Mail.ERROR);
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        MimeMessage message = mail.getMessage();
        boolean stripped = SmimeHeaders.strip(message, SmimeHeaders.ENCRYPTION);
        SmimeKind kind = SmimeMessages.kindOf(message);
        if (!kind.isEncrypted() && kind != SmimeKind.MALFORMED) {
            if (stripped) {
                message.saveChanges();
            }
            return;
        }
        List<SmimeIdentity> candidates;
        try {
            candidates = candidateKeys(mail);
        } catch (DirectoryException e) {
            if (TransientFailures.isTransient(e)) {
                // The database is restarting: James's error handling gives the mail to RetryLater (ADR 0067).
                throw new MessagingException("the certificate directory is unavailable for now", e);
            }
            fail(mail, "the key store failed: " + e.getMessage());
            return;
        }
        DecryptionResult result = decryptor.decrypt(message, candidates);
        SmimeMailAttributes.set(mail, SmimeMailAttributes.ENCRYPTION, result.status().token());
        switch (result.status()) {
            case DECRYPTED:
                MimeMessage decrypted = result.message().orElseThrow();
                SmimeHeaders.stamp(decrypted, SmimeHeaders.ENCRYPTION, SmimeHeaders.encryption(result));
                decrypted.saveChanges();
                mail.setMessage(decrypted);
                return;
            case NOT_ENCRYPTED:
                return;
            case NO_KEY:
                if (errorOnNoKey) {
                    fail(mail, result.reason());
                } else {
                    LOGGER.info("Mail {} stays encrypted: {}", mail.getName(), result.reason());
                    SmimeHeaders.stamp(message, SmimeHeaders.ENCRYPTION, SmimeHeaders.encryption(result));
                    message.saveChanges();
                }
                return;
            default:
                fail(mail, result.status().token() + ": " + result.reason());
        }
    }

    private List<SmimeIdentity> candidateKeys(Mail mail) {
        Map<String, SmimeIdentity> byFingerprint = new LinkedHashMap<>();
        for (MailAddress recipient : mail.getRecipients()) {
            List<String> owners = new ArrayList<>(List.of(recipient.asString()));
            if (useDomainKey) {
                owners.add(recipient.getDomain().asString());
            }
            for (String owner : owners) {
                for (SmimeIdentity key : keys.list(owner)) {
                    byFingerprint.putIfAbsent(SmimeCertificates.fingerprint(key.certificate()), key);
                }
            }
        }
        return new ArrayList<>(byFingerprint.values());
    }

    private void fail(Mail mail, String reason) {
        LOGGER.warn("S/MIME decryption failed for mail {}: {}", mail.getName(), reason);
        SmimeMailAttributes.sendToErrorProcessor(mail, errorProcessor, "decrypt", reason);
    }

    @Override
    public String getMailetInfo() {
        return "S/MIME decryption with the local recipients' keys";
    }
}
