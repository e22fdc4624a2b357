package org.inbasket.mailets.smime;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;

/**
 * Mail attributes the S/MIME mailets set. Values are plain strings, which serialise to JSON, so they
 * survive the ActiveMQ spool. None holds message content.
 */
public final class SmimeMailAttributes {
    /** Why an S/MIME mailet sent the mail to its error processor. */
    public static final AttributeName ERROR = AttributeName.of("inbasket.smime.error");
    /** Which S/MIME step failed when a mail went to the error processor: decrypt, sign or encrypt. */
    public static final AttributeName FAILED_OPERATION = AttributeName.of("inbasket.smime.failed-operation");
    /** The signature status token ({@link SignatureStatus#token()}) set by {@code SmimeVerify}. */
    public static final AttributeName SIGNATURE = AttributeName.of("inbasket.smime.signature");
    /** The signer's address, when {@code SmimeVerify} knows the signer's certificate. */
    public static final AttributeName SIGNER = AttributeName.of("inbasket.smime.signer");
    /** The decryption status token ({@link DecryptionStatus#token()}) set by {@code SmimeDecrypt}. */
    public static final AttributeName ENCRYPTION = AttributeName.of("inbasket.smime.encryption");

    private SmimeMailAttributes() {
    }

    static void set(Mail mail, AttributeName name, String value) {
        mail.setAttribute(new Attribute(name, AttributeValue.of(value)));
    }

    /**
     * Records the reason (attribute and error message) and the failed step ({@code decrypt}, {@code sign},
     * {@code encrypt}), and moves the mail to the error processor.
     */
    static void sendToErrorProcessor(Mail mail, String processor, String operation, String reason) {
        set(mail, ERROR, reason);
        set(mail, FAILED_OPERATION, operation);
        mail.setErrorMessage(reason);
        mail.setState(processor);
    }
}
