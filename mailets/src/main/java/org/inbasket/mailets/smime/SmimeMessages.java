package org.inbasket.mailets.smime;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Optional;

import javax.mail.MessagingException;
import javax.mail.internet.ContentType;
import javax.mail.internet.MimePart;
import javax.mail.internet.ParseException;

import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.SignedData;

/**
 * Tells what S/MIME layer a message or part is, from its Content-Type and, where the type does not say
 * (an {@code application/pkcs7-mime} without {@code smime-type}, an {@code application/octet-stream} named
 * {@code *.p7m}), from the CMS content type inside.
 */
public final class SmimeMessages {
    /** Upper bound on CMS bytes read into memory (64 MiB); a larger part is reported as malformed. */
    static final int MAX_CMS_BYTES = 64 * 1024 * 1024;

    private SmimeMessages() {
    }

    /** @return the S/MIME kind of the part's top level; never throws */
    public static SmimeKind kindOf(MimePart part) {
        try {
            Optional<ContentType> type = contentType(part.getContentType());
            if (type.isEmpty()) {
                return SmimeKind.NONE;
            }
            return kindOf(type.get(), part);
        } catch (MessagingException e) {
            return SmimeKind.NONE;
        }
    }

    private static SmimeKind kindOf(ContentType type, MimePart part) {
        String base = type.getBaseType().toLowerCase(Locale.ROOT);
        if (base.equals("multipart/signed")) {
            String protocol = Optional.ofNullable(type.getParameter("protocol")).orElse("").toLowerCase(Locale.ROOT);
            return isPkcs7Signature(protocol) ? SmimeKind.SIGNED_DETACHED : SmimeKind.NONE;
        }
        if (isPkcs7Mime(base)) {
            String smimeType = Optional.ofNullable(type.getParameter("smime-type")).orElse("").toLowerCase(Locale.ROOT);
            switch (smimeType) {
                case "enveloped-data":
                    return SmimeKind.ENVELOPED;
                case "authenveloped-data":
                    return SmimeKind.AUTH_ENVELOPED;
                case "signed-data":
                    return SmimeKind.SIGNED_OPAQUE;
                case "certs-only":
                    return SmimeKind.CERTS_ONLY;
                case "compressed-data":
                    return SmimeKind.COMPRESSED;
                default:
                    return sniff(part);
            }
        }
        if (base.equals("application/octet-stream") && namesP7m(type, part)) {
            return sniff(part);
        }
        return SmimeKind.NONE;
    }

    static boolean isPkcs7Signature(String baseType) {
        return baseType.equals("application/pkcs7-signature") || baseType.equals("application/x-pkcs7-signature");
    }

    static boolean isPkcs7Mime(String baseType) {
        return baseType.equals("application/pkcs7-mime") || baseType.equals("application/x-pkcs7-mime");
    }

    static Optional<ContentType> contentType(String header) {
        if (header == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ContentType(header));
        } catch (ParseException e) {
            return Optional.empty();
        }
    }

    private static boolean namesP7m(ContentType type, MimePart part) {
        String name = Optional.ofNullable(type.getParameter("name")).orElse("");
        try {
            String disposition = part.getHeader("Content-Disposition", null);
            if (disposition != null) {
                name = name + " " + disposition;
            }
        } catch (MessagingException e) {
            // no disposition: the name parameter decides
        }
        return name.toLowerCase(Locale.ROOT).contains(".p7m");
    }

    /** Reads the CMS content type when the MIME type does not tell it. */
    private static SmimeKind sniff(MimePart part) {
        try {
            ContentInfo info = readContentInfo(part);
            ASN1ObjectIdentifier contentType = info.getContentType();
            if (CMSObjectIdentifiers.envelopedData.equals(contentType)) {
                return SmimeKind.ENVELOPED;
            }
            if (CMSObjectIdentifiers.authEnvelopedData.equals(contentType)) {
                return SmimeKind.AUTH_ENVELOPED;
            }
            if (CMSObjectIdentifiers.compressedData.equals(contentType)) {
                return SmimeKind.COMPRESSED;
            }
            if (CMSObjectIdentifiers.signedData.equals(contentType)) {
                SignedData signedData = SignedData.getInstance(info.getContent());
                boolean hasContent = signedData.getEncapContentInfo().getContent() != null;
                return hasContent ? SmimeKind.SIGNED_OPAQUE : SmimeKind.CERTS_ONLY;
            }
            return SmimeKind.MALFORMED;
        } catch (CmsFormatException e) {
            return SmimeKind.MALFORMED;
        }
    }

    /** Decodes a part's body as a CMS ContentInfo; any failure becomes a {@link CmsFormatException}. */
    static ContentInfo readContentInfo(MimePart part) throws CmsFormatException {
        return readContentInfo(readCmsBytes(part));
    }

    static ContentInfo readContentInfo(byte[] der) throws CmsFormatException {
        try (ASN1InputStream in = new ASN1InputStream(der)) {
            ASN1Primitive primitive = in.readObject();
            if (primitive == null) {
                throw new CmsFormatException("empty CMS structure");
            }
            return ContentInfo.getInstance(primitive);
        } catch (IOException | RuntimeException e) {
            throw new CmsFormatException("not a CMS structure (truncated or damaged)", e);
        }
    }

    /** @return the transfer-decoded body of a part, bounded by {@link #MAX_CMS_BYTES} */
    static byte[] readCmsBytes(MimePart part) throws CmsFormatException {
        try (InputStream in = part.getInputStream()) {
            byte[] bytes = MimeEntity.readFully(in, MAX_CMS_BYTES);
            if (bytes.length == 0) {
                throw new CmsFormatException("empty CMS part");
            }
            return bytes;
        } catch (IOException | MessagingException | RuntimeException e) {
            throw new CmsFormatException("the CMS part cannot be decoded (bad transfer encoding)", e);
        }
    }

    /** A CMS body that cannot be decoded or parsed; the message says which, without content. */
    static final class CmsFormatException extends Exception {
        private static final long serialVersionUID = 1L;

        CmsFormatException(String reason) {
            super(reason);
        }

        CmsFormatException(String reason, Throwable cause) {
            super(reason, cause);
        }
    }
}
