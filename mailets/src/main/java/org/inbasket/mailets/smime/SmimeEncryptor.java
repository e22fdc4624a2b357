package org.inbasket.mailets.smime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.mail.MessagingException;
import javax.mail.internet.ContentType;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeUtility;
import javax.mail.internet.ParseException;

import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSAuthEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.RecipientInfoGenerator;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKeyAgreeRecipientInfoGenerator;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.bouncycastle.operator.OutputAEADEncryptor;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.operator.jcajce.JcaAlgorithmParametersConverter;

/**
 * Encrypts a whole message to several recipient certificates in one CMS envelope (RFC 8551 section 3.3).
 *
 * <p>Output: the original header fields except the Content-* ones (and, when the Subject is protected,
 * with the Subject replaced by the placeholder), then an {@code application/pkcs7-mime} body with
 * {@code smime-type=enveloped-data} (AES-CBC) or {@code smime-type=authEnveloped-data} (AES-GCM). The
 * encrypted entity is the original body with its Content-* fields; with Subject protection it also
 * carries the original Subject, From, To, Cc, Reply-To, Date and Message-ID fields and the Content-Type
 * parameters {@code hp="cipher"} (RFC 9788) and {@code protected-headers="v1"} (read by Thunderbird).</p>
 *
 * <p>Key management per recipient: RSA certificates get KeyTransRecipientInfo with RSA-OAEP-SHA256 (or
 * PKCS#1 v1.5 when configured); EC certificates get KeyAgreeRecipientInfo, ephemeral-static ECDH on the
 * certificate's curve with the SHA-256 X9.63 KDF and AES-256 key wrap (RFC 5753, RFC 8551).</p>
 *
 * <p>AES-CBC and RSA use the JDK's providers (AES with CPU instructions); AES-GCM for CMS and ECDH with
 * the X9.63 KDF, which the JDK's providers do not offer under CMS names, use Bouncy Castle. Thread-safe: an instance holds only its options.</p>
 */
public final class SmimeEncryptor {
    private static final List<String> PROTECTED_FIELDS = List.of("Subject", "From", "To", "Cc", "Reply-To", "Date", "Message-ID");
    private static final OAEPParameterSpec OAEP_SHA256 = new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256,
        PSource.PSpecified.DEFAULT);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder BASE64 = Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII));
    private static final int RECIPIENT_CACHE_LIMIT = 10_000;
    private static final Map<List<Object>, RecipientInfoGenerator> RSA_RECIPIENTS = new ConcurrentHashMap<>();

    private final EncryptionOptions options;

    public SmimeEncryptor(EncryptionOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    public EncryptionOptions options() {
        return options;
    }

    /**
     * @param message the message to encrypt; it is not modified
     * @param recipientCertificates every reader's certificate (RSA or EC), at least one
     * @return a new message whose body is the CMS envelope
     * @throws SmimeException when there is no certificate, a certificate's key cannot be used, or the
     *     message cannot be read
     */
    public MimeMessage encrypt(MimeMessage message, Collection<X509Certificate> recipientCertificates) throws SmimeException {
        if (recipientCertificates.isEmpty()) {
            throw new SmimeException("no recipient certificate to encrypt to");
        }
        MimeEntity original = readMessage(message);
        byte[] envelope = envelope(innerEntity(original).toBytes(), recipientCertificates);
        try {
            return outerEntity(original, envelope).toMessage();
        } catch (MessagingException e) {
            throw new SmimeException("cannot build the encrypted message", e);
        }
    }

    /** Encrypts raw content (a MIME entity) to DER CMS: EnvelopedData or AuthEnvelopedData. */
    public byte[] envelope(byte[] content, Collection<X509Certificate> recipientCertificates) throws SmimeException {
        List<RecipientInfoGenerator> recipients = new ArrayList<>();
        for (X509Certificate certificate : recipientCertificates) {
            recipients.add(recipientInfo(certificate));
        }
        try {
            JceCMSContentEncryptorBuilder encryptorBuilder = new JceCMSContentEncryptorBuilder(options.cipher().oid()).setSecureRandom(RANDOM);
            if (options.cipher().authenticated()) {
                encryptorBuilder.setProvider(CryptoProvider.bouncyCastle());
            }
            OutputEncryptor encryptor = encryptorBuilder.build();
            CMSProcessableByteArray data = new CMSProcessableByteArray(content);
            if (options.cipher().authenticated()) {
                CMSAuthEnvelopedDataGenerator generator = new CMSAuthEnvelopedDataGenerator();
                recipients.forEach(generator::addRecipientInfoGenerator);
                return generator.generate(data, (OutputAEADEncryptor) encryptor).getEncoded();
            }
            CMSEnvelopedDataGenerator generator = new CMSEnvelopedDataGenerator();
            recipients.forEach(generator::addRecipientInfoGenerator);
            return generator.generate(data, encryptor).getEncoded();
        } catch (CMSException | IOException | RuntimeException e) {
            throw new SmimeException("CMS encryption failed: " + e.getMessage(), e);
        }
    }

    private RecipientInfoGenerator recipientInfo(X509Certificate certificate) throws SmimeException {
        PublicKey key = certificate.getPublicKey();
        try {
            if (key instanceof RSAPublicKey) {
                List<Object> cacheKey = List.of(certificate, options.rsaKeyTransport());
                RecipientInfoGenerator cached = RSA_RECIPIENTS.get(cacheKey);
                if (cached != null) {
                    return cached;
                }
                RecipientInfoGenerator generator;
                if (options.rsaKeyTransport() == RsaKeyTransport.RSA_PKCS1_V15) {
                    generator = new JceKeyTransRecipientInfoGenerator(certificate);
                } else {
                    AlgorithmIdentifier oaep = new JcaAlgorithmParametersConverter()
                        .getAlgorithmIdentifier(PKCSObjectIdentifiers.id_RSAES_OAEP, OAEP_SHA256);
                    generator = new JceKeyTransRecipientInfoGenerator(certificate, oaep);
                }
                if (RSA_RECIPIENTS.size() >= RECIPIENT_CACHE_LIMIT) {
                    RSA_RECIPIENTS.clear();
                }
                RSA_RECIPIENTS.put(cacheKey, generator);
                return generator;
            }
            if (key instanceof ECPublicKey ecKey) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", CryptoProvider.bouncyCastle());
                generator.initialize(ecKey.getParams(), RANDOM);
                KeyPair ephemeral = generator.generateKeyPair();
                return new JceKeyAgreeRecipientInfoGenerator(CMSAlgorithm.ECDH_SHA256KDF, ephemeral.getPrivate(),
                    ephemeral.getPublic(), CMSAlgorithm.AES256_WRAP)
                    .addRecipient(certificate)
                    .setProvider(CryptoProvider.bouncyCastle())
                    .setSecureRandom(RANDOM);
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new SmimeException("cannot use the recipient certificate " + SmimeCertificates.fingerprint(certificate)
                + ": " + e.getMessage(), e);
        }
        throw new SmimeException("recipient certificate " + SmimeCertificates.fingerprint(certificate)
            + " has an unsupported key type " + key.getAlgorithm());
    }

    private MimeEntity innerEntity(MimeEntity original) throws SmimeException {
        List<String> fields = new ArrayList<>(original.contentFields());
        if (fields.stream().noneMatch(field -> MimeEntity.hasName(field, "Content-Type"))) {
            fields.add(0, "Content-Type: text/plain; charset=us-ascii");
        }
        if (options.subjectPlaceholder().isPresent()) {
            fields = withProtectedHeaderParameters(fields);
            for (String name : PROTECTED_FIELDS) {
                fields.addAll(original.fields(field -> MimeEntity.hasName(field, name)));
            }
            if (original.value("Subject").isPresent()) {
                fields.add("HP-Outer: Subject: " + options.subjectPlaceholder().get());
            }
        }
        return new MimeEntity(fields, original.body());
    }

    /** Adds hp="cipher" and protected-headers="v1" to the Content-Type, keeping the field's own folding. */
    private static List<String> withProtectedHeaderParameters(List<String> fields) throws SmimeException {
        List<String> result = new ArrayList<>();
        for (String field : fields) {
            if (MimeEntity.hasName(field, "Content-Type")) {
                try {
                    ContentType type = new ContentType(MimeEntity.unfoldedValue(field));
                    if (type.getParameter("hp") == null && type.getParameter("protected-headers") == null) {
                        result.add(field.stripTrailing().replaceAll(";$", "") + ";\r\n\thp=cipher; protected-headers=v1");
                    } else {
                        type.setParameter("hp", "cipher");
                        type.setParameter("protected-headers", "v1");
                        result.add(MimeUtility.fold("Content-Type: ".length(), "Content-Type: " + type));
                    }
                } catch (ParseException e) {
                    throw new SmimeException("the message has an unreadable Content-Type", e);
                }
            } else {
                result.add(field);
            }
        }
        return result;
    }

    private MimeEntity outerEntity(MimeEntity original, byte[] envelope) {
        List<String> fields = new ArrayList<>();
        for (String field : original.headerFields()) {
            if (MimeEntity.isContentField(field)) {
                continue;
            }
            if (MimeEntity.hasName(field, "Subject") && options.subjectPlaceholder().isPresent()) {
                fields.add("Subject: " + options.subjectPlaceholder().get());
            } else {
                fields.add(field);
            }
        }
        if (fields.stream().noneMatch(field -> MimeEntity.hasName(field, "MIME-Version"))) {
            fields.add("MIME-Version: 1.0");
        }
        String smimeType = options.cipher().authenticated() ? "authEnveloped-data" : "enveloped-data";
        fields.add("Content-Type: application/pkcs7-mime; smime-type=" + smimeType + ";\r\n\tname=\"smime.p7m\"");
        fields.add("Content-Transfer-Encoding: base64");
        fields.add("Content-Disposition: attachment; filename=\"smime.p7m\"");
        fields.add("Content-Description: S/MIME Encrypted Message");
        return new MimeEntity(fields, base64Body(envelope));
    }

    static byte[] base64Body(byte[] der) {
        byte[] encoded = BASE64.encode(der);
        byte[] body = Arrays.copyOf(encoded, encoded.length + 2);
        body[encoded.length] = '\r';
        body[encoded.length + 1] = '\n';
        return body;
    }

    static MimeEntity readMessage(MimeMessage message) throws SmimeException {
        try {
            return MimeEntity.of(message);
        } catch (MessagingException | IOException | RuntimeException e) {
            throw new SmimeException("the message cannot be read: " + e.getMessage(), e);
        }
    }
}
