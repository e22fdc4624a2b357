package org.inbasket.mailets.smime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.List;

import javax.mail.internet.MimeMessage;

import org.inbasket.mailets.smime.TestPki.KeyType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SmimeVerifierTest {
    private static TestPki pki;
    private static TestPki otherPki;
    private static SmimeIdentity signer;

    @BeforeAll
    static void createPki() {
        pki = TestPki.create("Verifier CA");
        otherPki = TestPki.create("Other CA");
        signer = pki.issue("dr.grey@clinic.example", KeyType.RSA);
    }

    private static SmimeVerifier verifier() {
        return new SmimeVerifier(List.of(pki.caCertificate()), List.of(), Clock.systemUTC(), true);
    }

    private static MimeMessage signed(SmimeIdentity identity) throws SmimeException {
        return TestMessages.parse(TestMessages.bytes(new SmimeSigner().sign(TestMessages.plain(), identity)));
    }

    @Test
    void verifyShouldReportInvalidWhenTheBodyWasTampered() throws Exception {
        String text = TestMessages.text(signed(signer)).replace("potassium", "magnesium");

        VerificationResult result = verifier().verify(TestMessages.parse(text), List.of());

        assertThat(result.status()).isEqualTo(SignatureStatus.INVALID);
        assertThat(result.reason()).isEqualTo("the content was altered after it was signed");
        assertThat(result.harvestableCertificates()).isEmpty();
    }

    @Test
    void verifyShouldReportExpiredWhenTheSignerCertificateExpired() throws Exception {
        SmimeIdentity expired = pki.issue("old@clinic.example", KeyType.RSA, options -> options.expired());

        VerificationResult result = verifier().verify(signed(expired), List.of());

        assertThat(result.status()).isEqualTo(SignatureStatus.EXPIRED);
        assertThat(result.signer()).contains("old@clinic.example");
    }

    @Test
    void verifyShouldReportExpiredWhenVerifiedAfterTheCertificateEnd() throws Exception {
        Clock later = Clock.fixed(signer.certificate().getNotAfter().toInstant().plusSeconds(86_400), java.time.ZoneOffset.UTC);

        VerificationResult result = new SmimeVerifier(List.of(pki.caCertificate()), List.of(), later, true)
            .verify(signed(signer), List.of());

        assertThat(result.status()).isEqualTo(SignatureStatus.EXPIRED);
        assertThat(result.reason()).startsWith("the signer's certificate expired on ");
    }

    @Test
    void verifyShouldReportUntrustedWhenTheChainEndsAtAnotherAuthority() throws Exception {
        VerificationResult result = new SmimeVerifier(List.of(otherPki.caCertificate()), List.of(), Clock.systemUTC(), true)
            .verify(signed(signer), List.of());

        assertThat(result.status()).isEqualTo(SignatureStatus.UNTRUSTED);
        assertThat(result.signer()).contains("dr.grey@clinic.example");
    }

    @Test
    void verifyShouldReportUntrustedWhenNoAnchorIsConfigured() throws Exception {
        VerificationResult result = new SmimeVerifier(List.of(), List.of(), Clock.systemUTC(), true).verify(signed(signer), List.of());

        assertThat(result.status()).isEqualTo(SignatureStatus.UNTRUSTED);
    }

    @Test
    void verifyShouldReportKeyUsageWhenEmailProtectionIsMissing() throws Exception {
        SmimeIdentity tlsOnly = pki.issue("web@clinic.example", KeyType.RSA, options -> options.withoutEmailProtection());

        VerificationResult result = verifier().verify(signed(tlsOnly), List.of());

        assertThat(result.status()).isEqualTo(SignatureStatus.KEY_USAGE);
        assertThat(result.reason()).contains("emailProtection");
    }

    @Test
    void verifyShouldReportKeyUsageWhenTheKeyMayOnlyEncrypt() throws Exception {
        SmimeIdentity encryptOnly = pki.issue("enc@clinic.example", KeyType.RSA,
            options -> options.keyUsage = org.bouncycastle.asn1.x509.KeyUsage.keyEncipherment);

        VerificationResult result = verifier().verify(signed(encryptOnly), List.of());

        assertThat(result.status()).isEqualTo(SignatureStatus.KEY_USAGE);
    }

    @Test
    void verifyShouldReportRevokedWhenTheIssuerCrlListsTheSigner() throws Exception {
        SmimeIdentity revoked = pki.issue("gone@clinic.example", KeyType.EC);

        VerificationResult result = new SmimeVerifier(List.of(pki.caCertificate()), List.of(pki.crlRevoking(revoked.certificate())),
            Clock.systemUTC(), true).verify(signed(revoked), List.of());

        assertThat(result.status()).isEqualTo(SignatureStatus.REVOKED);
    }

    @Test
    void verifyShouldIgnoreACrlNotSignedByTheIssuer() throws Exception {
        SmimeIdentity identity = pki.issue("kept@clinic.example", KeyType.RSA);
        java.security.cert.X509CRL forged = TestPki.impostor("Verifier CA").crlRevoking(identity.certificate());
        assertThat(forged.getIssuerX500Principal()).isEqualTo(pki.caCertificate().getSubjectX500Principal());

        VerificationResult result = new SmimeVerifier(List.of(pki.caCertificate()), List.of(forged), Clock.systemUTC(), true)
            .verify(signed(identity), List.of());

        assertThat(result.status()).isEqualTo(SignatureStatus.VALID);
    }

    @Test
    void verifyShouldAcceptTheSignerWhenACrlOfTheIssuerDoesNotListIt() throws Exception {
        SmimeIdentity other = pki.issue("other@clinic.example", KeyType.RSA);

        VerificationResult result = new SmimeVerifier(List.of(pki.caCertificate()), List.of(pki.crlRevoking(other.certificate())),
            Clock.systemUTC(), true).verify(signed(signer), List.of());

        assertThat(result.status()).isEqualTo(SignatureStatus.VALID);
        assertThat(result.crl()).contains("current");
    }

    @Test
    void verifyShouldSayWhenTheOnlyCrlOfTheIssuerIsOutOfDate() throws Exception {
        SmimeIdentity other = pki.issue("other@clinic.example", KeyType.RSA);
        // The test CRL is current for 7 days; 8 days on, the signer's certificate is still valid.
        Clock later = Clock.offset(Clock.systemUTC(), java.time.Duration.ofDays(8));

        VerificationResult result = new SmimeVerifier(List.of(pki.caCertificate()), List.of(pki.crlRevoking(other.certificate())),
            later, true).verify(signed(signer), List.of());

        assertThat(result.status()).isEqualTo(SignatureStatus.VALID);
        assertThat(result.crl()).contains("out-of-date");
        assertThat(SmimeHeaders.signature(result, java.util.Optional.of(true))).endsWith("; from=match; crl=out-of-date");
    }

    @Test
    void verifyShouldStillReportRevokedFromAnOutOfDateCrl() throws Exception {
        SmimeIdentity revoked = pki.issue("gone-later@clinic.example", KeyType.EC);
        Clock later = Clock.offset(Clock.systemUTC(), java.time.Duration.ofDays(8));

        VerificationResult result = new SmimeVerifier(List.of(pki.caCertificate()), List.of(pki.crlRevoking(revoked.certificate())),
            later, true).verify(signed(revoked), List.of());

        assertThat(result.status()).isEqualTo(SignatureStatus.REVOKED);
    }

    @Test
    void verifyShouldLeaveTheCrlStateOutWhenTheIssuerHasNoCrl() throws Exception {
        VerificationResult result = verifier().verify(signed(signer), List.of());

        assertThat(result.status()).isEqualTo(SignatureStatus.VALID);
        assertThat(result.crl()).isEmpty();
        assertThat(SmimeHeaders.signature(result, java.util.Optional.empty())).doesNotContain("crl=");
    }

    @Test
    void verifyShouldReportMalformedWhenTheSignatureIsTruncated() throws Exception {
        String text = TestMessages.text(signed(signer));
        int start = text.indexOf("filename=\"smime.p7s\"");
        int bodyStart = text.indexOf("\r\n\r\n", start) + 4;
        String truncated = text.substring(0, bodyStart + 200) + "\r\n" + text.substring(text.lastIndexOf("\r\n--"));

        VerificationResult result = verifier().verify(TestMessages.parse(truncated), List.of());

        assertThat(result.status()).isEqualTo(SignatureStatus.MALFORMED);
    }

    @Test
    void verifyShouldReportMalformedWhenTheSignatureIsGarbageBase64() throws Exception {
        String text = TestMessages.text(signed(signer));
        int start = text.indexOf("filename=\"smime.p7s\"");
        int bodyStart = text.indexOf("\r\n\r\n", start) + 4;
        String garbage = text.substring(0, bodyStart) + "!!!%%%% this is not base64 ~~~\r\n" + text.substring(text.lastIndexOf("\r\n--"));

        VerificationResult result = verifier().verify(TestMessages.parse(garbage), List.of());

        assertThat(result.status()).isEqualTo(SignatureStatus.MALFORMED);
    }

    @Test
    void verifyShouldReportNotSignedForAPlainMessage() {
        assertThat(verifier().verify(TestMessages.plain(), List.of()).status()).isEqualTo(SignatureStatus.NOT_SIGNED);
    }

    @Test
    void verifyShouldReportEncryptedWhenTheSignatureIsInsideAnEnvelope() throws Exception {
        MimeMessage encrypted = new SmimeEncryptor(EncryptionOptions.DEFAULT).encrypt(signed(signer), List.of(signer.certificate()));

        assertThat(verifier().verify(encrypted, List.of()).status()).isEqualTo(SignatureStatus.ENCRYPTED);
    }

    @Test
    void signedThenEncryptedShouldVerifyAfterDecryption() throws Exception {
        SmimeIdentity recipient = pki.issue("patient@example.com", KeyType.EC);
        MimeMessage encrypted = new SmimeEncryptor(EncryptionOptions.DEFAULT.withCipher(ContentCipher.AES_256_GCM))
            .encrypt(signed(signer), List.of(recipient.certificate()));

        MimeMessage decrypted = new SmimeDecryptor().decrypt(encrypted, List.of(recipient)).message().orElseThrow();
        VerificationResult result = verifier().verify(decrypted, List.of());

        assertThat(result.status()).isEqualTo(SignatureStatus.VALID);
        assertThat(decrypted.getSubject()).isEqualTo(TestMessages.SUBJECT);
    }

    @Test
    void signingShouldTurnEightBitTextIntoQuotedPrintableAndStillVerify() throws Exception {
        MimeMessage eightBit = TestMessages.parse(("From: dr.grey@clinic.example\r\nSubject: x\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\nCaf\u00e9 at 8, na\u00efve dosage.\r\n")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8));

        MimeMessage signedMessage = new SmimeSigner().sign(eightBit, signer);

        byte[] raw = TestMessages.bytes(signedMessage);
        assertThat(MimeEntity.hasEightBitData(raw)).isFalse();
        MimeMessage received = TestMessages.parse(raw);
        VerificationResult result = verifier().verify(received, List.of());
        assertThat(result.status()).isEqualTo(SignatureStatus.VALID);
        assertThat(result.content().orElseThrow().getContent()).isEqualTo("Caf\u00e9 at 8, na\u00efve dosage.\r\n");
    }

    @Test
    void verifyShouldFindTheSignerCertificateAmongKnownCertificatesWhenTheSignatureCarriesNone() throws Exception {
        byte[] content = MimeEntity.canonicalLineEnds("Content-Type: text/plain\r\n\r\nhello\r\n".getBytes());
        org.bouncycastle.cms.CMSSignedData full = new org.bouncycastle.cms.CMSSignedData(
            new org.bouncycastle.cms.CMSProcessableByteArray(content), new SmimeSigner().detachedSignature(content, signer));
        org.bouncycastle.cms.CMSSignedData bare = org.bouncycastle.cms.CMSSignedData.replaceCertificatesAndCRLs(full,
            new org.bouncycastle.util.CollectionStore<>(List.of()), null, null);
        String message = "From: dr.grey@clinic.example\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: multipart/signed; protocol=\"application/pkcs7-signature\"; micalg=sha-256; boundary=\"xx\"\r\n\r\n"
            + "--xx\r\n" + new String(content) + "\r\n--xx\r\n"
            + "Content-Type: application/pkcs7-signature\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + java.util.Base64.getMimeEncoder().encodeToString(bare.getEncoded()) + "\r\n--xx--\r\n";

        assertThat(verifier().verify(TestMessages.parse(message), List.of()).status()).isEqualTo(SignatureStatus.UNTRUSTED);
        assertThat(verifier().verify(TestMessages.parse(message), List.of(signer.certificate())).status()).isEqualTo(SignatureStatus.VALID);
    }
}
