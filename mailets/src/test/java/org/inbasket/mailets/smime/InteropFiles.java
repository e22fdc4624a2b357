package org.inbasket.mailets.smime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;

import javax.mail.internet.MimeMessage;

/** Reads the interop samples copied from /work/shared/interop into src/test/resources/interop. */
final class InteropFiles {
    private InteropFiles() {
    }

    static byte[] bytes(String path) {
        try (InputStream in = InteropFiles.class.getResourceAsStream("/interop/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no interop resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static MimeMessage message(String path) {
        return TestMessages.parse(bytes(path));
    }

    static X509Certificate certificate(String path) {
        try {
            return SmimeCertificates.readCertificates(bytes(path)).get(0);
        } catch (java.security.cert.CertificateException e) {
            throw new IllegalStateException(e);
        }
    }

    static PrivateKey pemKey(String path) {
        try {
            return SmimeKeys.readPem(new String(bytes(path), StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static PrivateKey derKey(String path) {
        try {
            return SmimeKeys.readPkcs8(bytes(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Wraps DER CMS in a message the way a mail client sends {@code application/pkcs7-mime}. */
    static MimeMessage pkcs7Message(byte[] der, String smimeType) {
        return pkcs7MessageOfType(der, "application/pkcs7-mime; smime-type=" + smimeType + "; name=smime.p7m");
    }

    /** Wraps DER CMS in {@code application/pkcs7-mime} without {@code smime-type}, so the CMS content type decides. */
    static MimeMessage unlabelledPkcs7Message(byte[] der) {
        return pkcs7MessageOfType(der, "application/pkcs7-mime; name=smime.p7m");
    }

    private static MimeMessage pkcs7MessageOfType(byte[] der, String contentType) {
        return TestMessages.parse("From: sender@example.org\r\nTo: bob@smime.example\r\nSubject: sample\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: " + contentType + "\r\n"
            + "Content-Transfer-Encoding: base64\r\n\r\n"
            + Base64.getMimeEncoder().encodeToString(der) + "\r\n");
    }
}
