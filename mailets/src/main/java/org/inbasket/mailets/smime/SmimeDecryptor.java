package org.inbasket.mailets.smime;

import java.security.Key;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import javax.crypto.AEADBadTagException;
import javax.crypto.BadPaddingException;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSAuthEnvelopedData;
import org.bouncycastle.cms.CMSEnvelopedData;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.KeyAgreeRecipientInformation;
import org.bouncycastle.cms.KeyTransRecipientInformation;
import org.bouncycastle.cms.Recipient;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.RecipientInformationStore;
import org.bouncycastle.cms.jcajce.JceKeyAgreeAuthEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyAgreeEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyTransAuthEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyTransEnvelopedRecipient;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.crypto.InvalidCipherTextException;

/**
 * Decrypts an S/MIME EnvelopedData or AuthEnvelopedData message with one of a set of local keys.
 *
 * <p>Accepted for reading: AES-128/192/256 in CBC, GCM and CCM, ChaCha20-Poly1305, and triple-DES (for
 * old peers; the gateway never produces it); key transport RSA PKCS#1 v1.5 and RSA-OAEP; key agreement
 * ECDH with an X9.63 KDF. Everything else (RC2, single DES, X25519/X448 key agreement, HKDF-based key
 * agreement) gives {@link DecryptionStatus#UNSUPPORTED_ALGORITHM}.</p>
 *
 * <p>The decrypted message keeps the outer header fields and takes the inner Content-* fields and body
 * byte for byte (so a nested {@code multipart/signed} still verifies). When the inner entity carries
 * protected headers ({@code hp="cipher"} or {@code protected-headers="v1"}), its Subject replaces the
 * outer, obscured one.</p>
 *
 * <p>Never throws for bad input: every failure is a {@link DecryptionResult} with a status and a reason.
 * Thread-safe and stateless.</p>
 */
public final class SmimeDecryptor {
    private static final Set<String> ACCEPTED_CONTENT_CIPHERS = Set.of(
        CMSAlgorithm.AES128_CBC.getId(), CMSAlgorithm.AES192_CBC.getId(), CMSAlgorithm.AES256_CBC.getId(),
        CMSAlgorithm.AES128_GCM.getId(), CMSAlgorithm.AES192_GCM.getId(), CMSAlgorithm.AES256_GCM.getId(),
        CMSAlgorithm.AES128_CCM.getId(), CMSAlgorithm.AES192_CCM.getId(), CMSAlgorithm.AES256_CCM.getId(),
        PKCSObjectIdentifiers.id_alg_AEADChaCha20Poly1305.getId(), CMSAlgorithm.DES_EDE3_CBC.getId());

    /**
     * @param message the received message
     * @param keys the local keys that may be recipients (for example every key of every local recipient)
     */
    public DecryptionResult decrypt(MimeMessage message, Collection<SmimeIdentity> keys) {
        SmimeKind kind = SmimeMessages.kindOf(message);
        if (kind == SmimeKind.MALFORMED) {
            return DecryptionResult.failure(DecryptionStatus.MALFORMED, "the S/MIME part is not a readable CMS structure");
        }
        if (!kind.isEncrypted()) {
            return DecryptionResult.failure(DecryptionStatus.NOT_ENCRYPTED, "the message is not encrypted");
        }
        ContentInfo contentInfo;
        try {
            contentInfo = SmimeMessages.readContentInfo(message);
        } catch (SmimeMessages.CmsFormatException e) {
            return DecryptionResult.failure(DecryptionStatus.MALFORMED, e.getMessage());
        }
        Envelope envelope;
        try {
            envelope = Envelope.of(contentInfo);
        } catch (CMSException | RuntimeException e) {
            return DecryptionResult.failure(DecryptionStatus.MALFORMED, "the CMS envelope is damaged or truncated");
        }
        if (envelope == null) {
            return DecryptionResult.failure(DecryptionStatus.MALFORMED,
                "the S/MIME part holds CMS " + contentInfo.getContentType().getId() + ", not an envelope");
        }
        Optional<String> cipher = Optional.of(AlgorithmNames.contentCipher(envelope.contentCipherOid));
        if (!ACCEPTED_CONTENT_CIPHERS.contains(envelope.contentCipherOid)) {
            return DecryptionResult.failure(DecryptionStatus.UNSUPPORTED_ALGORITHM,
                "content cipher " + cipher.get() + " is not supported", cipher);
        }

        List<Match> matches = matches(envelope.recipients, keys);
        if (matches.isEmpty()) {
            return DecryptionResult.failure(DecryptionStatus.NO_KEY,
                "none of the " + keys.size() + " local key(s) is a recipient of this message", cipher);
        }
        DecryptionResult last = null;
        for (Match match : matches) {
            last = decryptWith(message, envelope, match, cipher);
            if (last.isDecrypted()) {
                return last;
            }
        }
        return last;
    }

    private DecryptionResult decryptWith(MimeMessage message, Envelope envelope, Match match, Optional<String> cipher) {
        RecipientInformation info = match.info;
        String keyManagement = AlgorithmNames.keyManagement(info.getKeyEncryptionAlgOID());
        if (!AlgorithmNames.isKnownKeyManagement(info.getKeyEncryptionAlgOID())) {
            return DecryptionResult.failure(DecryptionStatus.UNSUPPORTED_ALGORITHM,
                "key management " + keyManagement + " is not supported", cipher);
        }
        Optional<Recipient> recipient = recipientFor(info, match.key.privateKey(), envelope.authenticated, true);
        if (recipient.isEmpty()) {
            return DecryptionResult.failure(DecryptionStatus.UNSUPPORTED_ALGORITHM,
                "a " + match.key.privateKey().getAlgorithm() + " key cannot be used with " + keyManagement, cipher);
        }
        byte[] content = nativeUnwrap(info, match.key.privateKey(), envelope.authenticated).orElse(null);
        try {
            if (content == null) {
                content = info.getContent(recipient.get());
            }
        } catch (CMSException | RuntimeException e) {
            DecryptionResult failure = classify(e, cipher, keyManagement);
            if (failure.status() != DecryptionStatus.UNSUPPORTED_ALGORITHM) {
                return failure;
            }
            try {
                content = info.getContent(recipientFor(info, match.key.privateKey(), envelope.authenticated, false).orElseThrow());
            } catch (CMSException | RuntimeException again) {
                return classify(again, cipher, keyManagement);
            }
        }
        try {
            MimeMessage decrypted = decryptedMessage(message, content);
            return new DecryptionResult(DecryptionStatus.DECRYPTED, "decrypted with " + keyManagement, Optional.of(decrypted),
                cipher, Optional.of(match.key.certificate()));
        } catch (SmimeException e) {
            return DecryptionResult.failure(DecryptionStatus.MALFORMED, "the decrypted content is not a MIME entity", cipher);
        }
    }

    private static DecryptionResult classify(Exception e, Optional<String> cipher, String keyManagement) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof NoSuchAlgorithmException || messageMentions(cause, "no such algorithm", "not supported",
                "unknown algorithm", "cannot create key agreement", "can't identify")) {
                return DecryptionResult.failure(DecryptionStatus.UNSUPPORTED_ALGORITHM,
                    "the algorithms of this message (" + cipher.orElse("?") + ", " + keyManagement + ") are not supported", cipher);
            }
            if (cause instanceof AEADBadTagException || messageMentions(cause, "mac check", "tag mismatch")) {
                return DecryptionResult.failure(DecryptionStatus.FAILED,
                    "the integrity check failed: the encrypted message was altered or damaged", cipher);
            }
            if (cause instanceof BadPaddingException || cause instanceof InvalidCipherTextException) {
                break;
            }
        }
        return DecryptionResult.failure(DecryptionStatus.FAILED,
            "decryption failed: wrong key, or the encrypted message was altered or damaged", cipher);
    }

    private static boolean messageMentions(Throwable throwable, String... fragments) {
        String text = String.valueOf(throwable.getMessage()).toLowerCase(Locale.ROOT);
        for (String fragment : fragments) {
            if (text.contains(fragment)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Unwraps an RSA-wrapped content key with the native provider (ADR 0015), content decrypted by Bouncy Castle.
     *
     * @return the content, or empty when there is no native provider, the key is not RSA, or the attempt failed for
     *     any reason (unsupported parameters, wrong key, damage): the caller then decrypts as without it, and its
     *     error is the one reported
     */
    static Optional<byte[]> nativeUnwrap(RecipientInformation info, PrivateKey key, boolean authenticated) {
        Optional<java.security.Provider> provider = CryptoProvider.nativeRsa();
        if (provider.isEmpty() || !(info instanceof KeyTransRecipientInformation) || !(key instanceof RSAPrivateKey)) {
            return Optional.empty();
        }
        org.bouncycastle.cms.jcajce.JceKeyTransRecipient recipient = authenticated
            ? new JceKeyTransAuthEnvelopedRecipient(key) {
                @Override
                protected Key extractSecretKey(AlgorithmIdentifier wrapping, AlgorithmIdentifier content, byte[] wrapped)
                    throws CMSException {
                    Optional<Key> unwrapped = NativeOaep.unwrap(provider.get(), key, wrapping, content, wrapped);
                    return unwrapped.isPresent() ? unwrapped.get() : super.extractSecretKey(wrapping, content, wrapped);
                }
            }
            : new JceKeyTransEnvelopedRecipient(key) {
                @Override
                protected Key extractSecretKey(AlgorithmIdentifier wrapping, AlgorithmIdentifier content, byte[] wrapped)
                    throws CMSException {
                    Optional<Key> unwrapped = NativeOaep.unwrap(provider.get(), key, wrapping, content, wrapped);
                    return unwrapped.isPresent() ? unwrapped.get() : super.extractSecretKey(wrapping, content, wrapped);
                }
            };
        recipient.setProvider(provider.get()).setContentProvider(CryptoProvider.bouncyCastle());
        try {
            return Optional.of(info.getContent(recipient));
        } catch (CMSException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * @param jdkKeyUnwrap unwrap an RSA-wrapped key with the JDK's provider (faster RSA); content is always
     *     decrypted by Bouncy Castle, which knows every accepted cipher (ChaCha20-Poly1305 included)
     */
    private static Optional<Recipient> recipientFor(RecipientInformation info, PrivateKey key, boolean authenticated, boolean jdkKeyUnwrap) {
        if (info instanceof KeyTransRecipientInformation && key instanceof RSAPrivateKey) {
            org.bouncycastle.cms.jcajce.JceKeyTransRecipient recipient = authenticated
                ? new JceKeyTransAuthEnvelopedRecipient(key)
                : new JceKeyTransEnvelopedRecipient(key);
            if (!jdkKeyUnwrap) {
                recipient.setProvider(CryptoProvider.bouncyCastle());
            }
            return Optional.of(recipient.setContentProvider(CryptoProvider.bouncyCastle()));
        }
        if (info instanceof KeyAgreeRecipientInformation && key instanceof ECPrivateKey) {
            return Optional.of(authenticated
                ? new JceKeyAgreeAuthEnvelopedRecipient(key).setProvider(CryptoProvider.bouncyCastle())
                : new JceKeyAgreeEnvelopedRecipient(key).setProvider(CryptoProvider.bouncyCastle()));
        }
        return Optional.empty();
    }

    private static List<Match> matches(RecipientInformationStore recipients, Collection<SmimeIdentity> keys) {
        List<Match> matches = new ArrayList<>();
        for (SmimeIdentity key : keys) {
            X509CertificateHolder holder;
            try {
                holder = new X509CertificateHolder(key.certificate().getEncoded());
            } catch (CertificateEncodingException | java.io.IOException e) {
                continue;
            }
            for (RecipientInformation info : recipients.getRecipients()) {
                if (info.getRID().match(holder)) {
                    matches.add(new Match(info, key));
                }
            }
        }
        return matches;
    }

    /** Outer non-Content fields, inner Content-* fields and body; protected Subject restored. */
    static MimeMessage decryptedMessage(MimeMessage outer, byte[] content) throws SmimeException {
        MimeEntity outerEntity = SmimeEncryptor.readMessage(outer);
        MimeEntity inner = MimeEntity.parse(content);
        Optional<String> protectedSubject = hasProtectedHeaders(inner)
            ? inner.fields(field -> MimeEntity.hasName(field, "Subject")).stream().findFirst()
            : Optional.empty();
        List<String> fields = new ArrayList<>();
        for (String field : outerEntity.headerFields()) {
            if (MimeEntity.isContentField(field) || (protectedSubject.isPresent() && MimeEntity.hasName(field, "Subject"))) {
                continue;
            }
            fields.add(field);
        }
        protectedSubject.ifPresent(fields::add);
        fields.addAll(inner.contentFields());
        try {
            return new MimeEntity(fields, inner.body()).toMessage();
        } catch (MessagingException e) {
            throw new SmimeException("the decrypted content cannot be parsed", e);
        }
    }

    static boolean hasProtectedHeaders(MimeEntity entity) {
        return entity.value("Content-Type")
            .flatMap(SmimeMessages::contentType)
            .map(type -> "cipher".equalsIgnoreCase(type.getParameter("hp")) || type.getParameter("protected-headers") != null)
            .orElse(false);
    }

    private record Match(RecipientInformation info, SmimeIdentity key) {
    }

    /** The parts of EnvelopedData and AuthEnvelopedData that decryption needs. */
    private record Envelope(RecipientInformationStore recipients, String contentCipherOid, boolean authenticated) {
        static Envelope of(ContentInfo info) throws CMSException {
            if (CMSObjectIdentifiers.envelopedData.equals(info.getContentType())) {
                CMSEnvelopedData data = new CMSEnvelopedData(info);
                return new Envelope(data.getRecipientInfos(), data.getEncryptionAlgOID(), false);
            }
            if (CMSObjectIdentifiers.authEnvelopedData.equals(info.getContentType())) {
                CMSAuthEnvelopedData data = new CMSAuthEnvelopedData(info);
                return new Envelope(data.getRecipientInfos(), data.getEncryptionAlgOID(), true);
            }
            return null;
        }
    }
}
