package org.inbasket.gateway.e2e;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.UUID;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

/**
 * Opens mail the running gateway stored encrypted at rest, the way a clinician's mail client would: the user's
 * PKCS#12 comes from the admin API ({@code POST /smime/certificates/<address>/pkcs12}) and {@code openssl}
 * (pkcs12, cms) does the decryption, so the check does not reuse the gateway's own S/MIME code.
 *
 * <p>SECURITY: test use only; the key is written unencrypted into the given (temporary) directory.</p>
 */
public final class SmimeTool {
    private final Openssl openssl;
    private final Path key;
    private final Path certificate;

    private SmimeTool(Openssl openssl, Path key, Path certificate) {
        this.openssl = openssl;
        this.key = key;
        this.certificate = certificate;
    }

    /** Exports {@code address}'s key and certificate through the admin API into {@code dir}. */
    public static SmimeTool forUser(AdminClient admin, String address, Path dir) throws Exception {
        String password = "p12-" + UUID.randomUUID();
        Openssl openssl = new Openssl(dir);
        Path[] unpacked = openssl.unpack(address.replaceAll("[^A-Za-z0-9.-]", "_"),
            admin.pkcs12(address, password), password);
        return new SmimeTool(openssl, unpacked[0], unpacked[1]);
    }

    /** True when the message is an S/MIME envelope ({@code application/pkcs7-mime}, enveloped or auth-enveloped). */
    public static boolean isEncrypted(MimeMessage message) throws MessagingException {
        String type = message.getContentType().toLowerCase(Locale.ROOT);
        return (type.startsWith("application/pkcs7-mime") || type.startsWith("application/x-pkcs7-mime"))
            && type.contains("enveloped-data");
    }

    /** The MIME entity inside the envelope, as openssl cms -decrypt gives it. */
    public MimeMessage decrypt(MimeMessage encrypted) throws Exception {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        encrypted.writeTo(raw);
        String inner = openssl.decrypt(raw.toByteArray(), key, certificate);
        return new MimeMessage(MailClients.session(), new ByteArrayInputStream(inner.getBytes(StandardCharsets.UTF_8)));
    }
}
