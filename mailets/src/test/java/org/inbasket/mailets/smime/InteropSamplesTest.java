package org.inbasket.mailets.smime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

import javax.mail.internet.MimeMessage;

import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformationStore;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Messages and CMS objects made by other implementations (see src/test/resources/interop/README.md). */
class InteropSamplesTest {
    private static final Clock NOW = Clock.systemUTC();

    @Nested
    class MailClients {
        private final SmimeIdentity smime2 = SmimeIdentity.of(InteropFiles.pemKey("client-samples/smime-2.key"),
            InteropFiles.certificate("client-samples/smime-2.crt"));
        private final X509Certificate clientCa = InteropFiles.certificate("client-samples/ca_smime.crt");

        @ParameterizedTest(name = "{0}")
        @CsvSource({
            "outlook2013-encrypted.eml, aes-256-cbc",
            "thunderbird128-encrypted.eml, aes-128-cbc"})
        void encryptedSampleShouldDecryptWithTheRecipientKey(String file, String cipher) throws Exception {
            DecryptionResult result = new SmimeDecryptor().decrypt(InteropFiles.message("client-samples/" + file), List.of(smime2));

            assertThat(result.status()).isEqualTo(DecryptionStatus.DECRYPTED);
            assertThat(result.contentAlgorithm()).contains(cipher);
            MimeMessage decrypted = result.message().orElseThrow();
            assertThat(SmimeMessages.kindOf(decrypted)).isEqualTo(SmimeKind.NONE);
            assertThat(decrypted.isMimeType("multipart/*")).isTrue();
            assertThat(decrypted.getSubject()).contains("from smime1 to smime2 (encrypted)");
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource({
            "outlook2013-signed.eml, rsa-sha1",
            "thunderbird128-signed.eml, rsa-sha256"})
        void signedSampleShouldVerifyAgainstTheIssuingCa(String file, String algorithm) {
            VerificationResult result = new SmimeVerifier(List.of(clientCa), List.of(), NOW, true)
                .verify(InteropFiles.message("client-samples/" + file), List.of());

            assertThat(result.status()).as(result.reason()).isEqualTo(SignatureStatus.VALID);
            assertThat(result.signer()).contains("smime1@hmailserver.test");
            assertThat(result.algorithm()).contains(algorithm);
            assertThat(result.harvestableCertificates()).extracting(SmimeCertificates::emailAddresses)
                .allSatisfy(addresses -> assertThat(addresses).contains("smime1@hmailserver.test"));
        }

        @Test
        void outlookSha1SignatureShouldBeWeakWhenSha1IsNotAccepted() {
            VerificationResult result = new SmimeVerifier(List.of(clientCa), List.of(), NOW, false)
                .verify(InteropFiles.message("client-samples/outlook2013-signed.eml"), List.of());

            assertThat(result.status()).isEqualTo(SignatureStatus.WEAK_ALGORITHM);
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource({
            "outlook2013-signed-and-encrypted.eml, SIGNED_OPAQUE, rsa-sha1",
            "thunderbird128-signed-and-encrypted.eml, SIGNED_DETACHED, rsa-sha256"})
        void signedAndEncryptedSampleShouldDecryptThenVerify(String file, SmimeKind innerKind, String algorithm) {
            DecryptionResult decrypted = new SmimeDecryptor().decrypt(InteropFiles.message("client-samples/" + file), List.of(smime2));
            assertThat(decrypted.status()).isEqualTo(DecryptionStatus.DECRYPTED);
            MimeMessage inner = decrypted.message().orElseThrow();
            assertThat(SmimeMessages.kindOf(inner)).isEqualTo(innerKind);

            VerificationResult verified = new SmimeVerifier(List.of(clientCa), List.of(), NOW, true).verify(inner, List.of());

            assertThat(verified.status()).as(verified.reason()).isEqualTo(SignatureStatus.VALID);
            assertThat(verified.signer()).contains("smime1@hmailserver.test");
            assertThat(verified.algorithm()).contains(algorithm);
        }

        @Test
        void signedSampleShouldBeUntrustedWithoutItsCa() {
            VerificationResult result = new SmimeVerifier(List.of(), List.of(), NOW, true)
                .verify(InteropFiles.message("client-samples/thunderbird128-signed.eml"), List.of());

            assertThat(result.status()).isEqualTo(SignatureStatus.UNTRUSTED);
        }

        @Test
        void legacyPkcs12OfTheSamplesShouldBeReadable() throws Exception {
            List<SmimeIdentity> identities = Pkcs12.read(InteropFiles.bytes("client-samples/smime-2-secret.pfx"), "smime2".toCharArray());

            assertThat(identities).hasSize(1);
            assertThat(identities.get(0).certificate()).isEqualTo(smime2.certificate());
            DecryptionResult result = new SmimeDecryptor().decrypt(InteropFiles.message("client-samples/outlook2013-encrypted.eml"), identities);
            assertThat(result.status()).isEqualTo(DecryptionStatus.DECRYPTED);
        }
    }

    @Nested
    class Rfc9216 {
        private final SmimeIdentity bob = SmimeIdentity.of(InteropFiles.pemKey("rfc9216/lamps-bob.decrypt.p8.pem"),
            InteropFiles.certificate("rfc9216/lamps-bob.encrypt.crt"));
        private final SmimeIdentity dana = SmimeIdentity.of(InteropFiles.pemKey("rfc9216/lamps-dana.decrypt.p8.pem"),
            InteropFiles.certificate("rfc9216/lamps-dana.encrypt.crt"));
        private final List<X509Certificate> anchors = List.of(InteropFiles.certificate("rfc9216/lamps-rsa-ca.pem"),
            InteropFiles.certificate("rfc9216/lamps-ed25519-ca.pem"));

        private DecryptionResult decrypt(String file, SmimeIdentity key, String smimeType) {
            return new SmimeDecryptor().decrypt(InteropFiles.pkcs7Message(InteropFiles.bytes("rfc9216/" + file), smimeType), List.of(key));
        }

        private VerificationResult verify(MimeMessage message, List<X509Certificate> known) {
            return new SmimeVerifier(anchors, List.of(), NOW, true).verify(message, known);
        }

        @Test
        void oaepEnvelopeShouldDecryptForBob() throws Exception {
            DecryptionResult result = decrypt("encryptedForBobRSAOaep.p7m", bob, "enveloped-data");

            assertThat(result.status()).isEqualTo(DecryptionStatus.DECRYPTED);
            assertThat(result.contentAlgorithm()).contains("aes-128-cbc");
            assertThat(TestMessages.bodyText(result.message().orElseThrow())).isEqualTo("This is some sample content.");
        }

        @Test
        void chaCha20Poly1305EnvelopeShouldDecryptForBob() {
            DecryptionResult result = decrypt("authEnvelopedForBobChaCha20Poly1305.p7m", bob, "authEnveloped-data");

            assertThat(result.status()).isEqualTo(DecryptionStatus.DECRYPTED);
            assertThat(result.contentAlgorithm()).contains("chacha20-poly1305");
        }

        @Test
        void envelopeForBobAndDanaShouldDecryptForBobAndBeUnsupportedForDanasX25519Key() {
            assertThat(decrypt("encryptedForBobAndDana.p7m", bob, "enveloped-data").status()).isEqualTo(DecryptionStatus.DECRYPTED);

            DecryptionResult forDana = decrypt("encryptedForBobAndDana.p7m", dana, "enveloped-data");
            assertThat(forDana.status()).isEqualTo(DecryptionStatus.UNSUPPORTED_ALGORITHM);
            assertThat(forDana.reason()).isEqualTo("a X25519 key cannot be used with ecdh-sha256kdf");
        }

        @Test
        void x25519HkdfEnvelopeShouldBeUnsupported() {
            DecryptionResult result = decrypt("authEnvelopedForDanaX25519HKDF.p7m", dana, "authEnveloped-data");

            assertThat(result.status()).isEqualTo(DecryptionStatus.UNSUPPORTED_ALGORITHM);
            assertThat(result.message()).isEmpty();
        }

        @Test
        void kekEnvelopeShouldReportNoKey() {
            assertThat(decrypt("encryptedKekri.p7m", bob, "enveloped-data").status()).isEqualTo(DecryptionStatus.NO_KEY);
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource({
            "signedByAliceRSA.p7m, rsa-sha256, alice@smime.example",
            "signedByAliceRSAPSS.p7m, rsassa-pss-sha256, alice@smime.example",
            "signedByCarlosEd25519.p7m, ed25519, carlos@smime.example"})
        void opaqueSignatureShouldVerify(String file, String algorithm, String signer) throws Exception {
            VerificationResult result = verify(InteropFiles.pkcs7Message(InteropFiles.bytes("rfc9216/" + file), "signed-data"), List.of());

            assertThat(result.status()).as(result.reason()).isEqualTo(SignatureStatus.VALID);
            assertThat(result.algorithm()).contains(algorithm);
            assertThat(result.signer()).contains(signer);
            assertThat(result.content()).isPresent();
        }

        @Test
        void signatureWithoutCertificatesShouldNeedKnownCertificates() {
            MimeMessage message = InteropFiles.pkcs7Message(InteropFiles.bytes("rfc9216/signedByAliceAndCarlosNoCerts.p7m"), "signed-data");

            assertThat(verify(message, List.of()).status()).isEqualTo(SignatureStatus.UNTRUSTED);
            VerificationResult known = verify(message, List.of(InteropFiles.certificate("rfc9216/lamps-alice.crt"),
                InteropFiles.certificate("rfc9216/lamps-carlos.crt")));
            assertThat(known.status()).isEqualTo(SignatureStatus.VALID);
        }

        @Test
        void detachedEd25519SignatureShouldVerifyOverItsContent() {
            byte[] signature = InteropFiles.bytes("rfc9216/signedByCarlosDetached.p7m");
            SmimeVerifier verifier = new SmimeVerifier(anchors, List.of(), NOW, true);

            VerificationResult result = verifier.verifyDetached("This is some sample content.".getBytes(), signature, List.of());

            assertThat(result.status()).as(result.reason()).isEqualTo(SignatureStatus.VALID);
            assertThat(result.algorithm()).contains("ed25519");
            assertThat(verifier.verifyDetached("This is some other content.".getBytes(), signature, List.of()).status())
                .isEqualTo(SignatureStatus.INVALID);
        }
    }

    /**
     * RFC 4134 "Examples of S/MIME Messages": every object of the RFC (sections 3 to 7). Alice signs, Bob receives,
     * Carl is the CA (one DSS and one RSA root), Diane co-signs. The content is always ExContent, the 28 bytes
     * "This is some sample content." without MIME header fields, so the verifier's MIME view of an opaque
     * signature's content is empty: content equality is checked where the gateway hands back bytes (decryption,
     * detached verification). All signatures use SHA-1, which the gateway accepts by default (Outlook 2013).
     */
    @Nested
    class Rfc4134 {
        private final SmimeIdentity bob = SmimeIdentity.of(InteropFiles.derKey("rfc4134/BobPrivRSAEncrypt.pri"),
            InteropFiles.certificate("rfc4134/BobRSASignByCarl.cer"));
        private final SmimeIdentity diane = SmimeIdentity.of(InteropFiles.derKey("rfc4134/DianePrivRSASignEncrypt.pri"),
            InteropFiles.certificate("rfc4134/DianeRSASignByCarl.cer"));
        private final SmimeVerifier carl = new SmimeVerifier(List.of(InteropFiles.certificate("rfc4134/CarlDSSSelf.cer"),
            InteropFiles.certificate("rfc4134/CarlRSASelf.cer")), List.of(), NOW, true);
        private final byte[] exContent = InteropFiles.bytes("rfc4134/ExContent.bin");

        /**
         * @param label {@code as-sent} for the RFC's full messages ({@code *.eml}), {@code unlabelled} for
         *     {@code application/pkcs7-mime} without {@code smime-type}, otherwise the {@code smime-type}
         */
        private MimeMessage object(String file, String label) {
            if (label.equals("as-sent")) {
                return InteropFiles.message("rfc4134/" + file);
            }
            byte[] der = InteropFiles.bytes("rfc4134/" + file);
            return label.equals("unlabelled") ? InteropFiles.unlabelledPkcs7Message(der) : InteropFiles.pkcs7Message(der, label);
        }

        /**
         * Each object as a mail client would label it (RFC 8551 has smime-types only for signed-data, enveloped-data,
         * certs-only, compressed-data and authEnveloped-data; the other CMS types go unlabelled), run through the
         * decryptor with Bob's key and the verifier trusting Carl's two roots. "-" means empty: no algorithm, no signer.
         */
        @ParameterizedTest(name = "{0} ({1})")
        @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # object | label        | kind            | decryption            | cipher       | verification | signature | signer
            # 3.1, 3.2: ContentInfo of type id-data, BER then DER. Readable CMS, but not an S/MIME structure: there is
            #   nothing to decrypt or verify, so the sniffed kind and both results are MALFORMED.
            3.1.bin    | unlabelled     | MALFORMED       | MALFORMED             | -            | MALFORMED    | -         | -
            3.2.bin    | unlabelled     | MALFORMED       | MALFORMED             | -            | MALFORMED    | -         | -
            # 4.1: Alice's DSA/SHA-1 signature with her certificate only; it chains to CarlDSS: VALID.
            4.1.bin    | signed-data    | SIGNED_OPAQUE   | NOT_ENCRYPTED         | -            | VALID        | dsa-sha1  | alicedss@example.com
            # 4.2: the same with Alice's RSA key, chaining to CarlRSA: VALID.
            4.2.bin    | signed-data    | SIGNED_OPAQUE   | NOT_ENCRYPTED         | -            | VALID        | rsa-sha1  | alicersa@example.com
            # 4.3: 4.1 without eContent (a detached signature). Sent as opaque signed-data there is no content to
            #   hash, so the signature cannot match: INVALID (detachedSignatureShouldVerifyOverExContentOnly checks
            #   it over ExContent).
            4.3.bin    | signed-data    | SIGNED_OPAQUE   | NOT_ENCRYPTED         | -            | INVALID      | dsa-sha1  | alicedss@example.com
            # 4.4: 4.1 plus Carl's root, signed attributes and Diane's countersignature, and CarlDSS's CRL, which
            #   revokes Alice's DSS certificate (serial 200) as of 1999-08-22: the verifier reads CRLs carried in the
            #   signature, so REVOKED.
            4.4.bin    | signed-data    | SIGNED_OPAQUE   | NOT_ENCRYPTED         | -            | REVOKED      | dsa-sha1  | alicedss@example.com
            # 4.5: 4.2 in BER with indefinite lengths and Carl's RSA root included: VALID.
            4.5.bin    | signed-data    | SIGNED_OPAQUE   | NOT_ENCRYPTED         | -            | VALID        | rsa-sha1  | alicersa@example.com
            # 4.6: signed by Alice and by Diane (DSA). A message is VALID when one signer is; Alice's signature is
            #   (see multipleSignersShouldBeValidThroughAlice for Diane's).
            4.6.bin    | signed-data    | SIGNED_OPAQUE   | NOT_ENCRYPTED         | -            | VALID        | dsa-sha1  | alicedss@example.com
            # 4.7: 4.1 with the signer identified by subject key identifier instead of issuer and serial: VALID.
            4.7.bin    | signed-data    | SIGNED_OPAQUE   | NOT_ENCRYPTED         | -            | VALID        | dsa-sha1  | alicedss@example.com
            # 4.8: a full multipart/signed message carrying 4.3 over its first part: VALID.
            4.8.eml    | as-sent        | SIGNED_DETACHED | NOT_ENCRYPTED         | -            | VALID        | dsa-sha1  | alicedss@example.com
            # 4.9: a full application/pkcs7-mime signed-data message: VALID.
            4.9.eml    | as-sent        | SIGNED_OPAQUE   | NOT_ENCRYPTED         | -            | VALID        | dsa-sha1  | alicedss@example.com
            # 4.10: signed attributes of many kinds (unknown OID, security label, ML expansion history...). The
            #   security label's SET is not in DER order (its PrintableString privacy mark precedes its SET of
            #   categories) and Alice signed those bytes; Bouncy Castle checks the DER encoding, as RFC 5652 section
            #   5.4 says, so the signature does not match: INVALID. (OpenSSL 3.0, which hashes the received bytes,
            #   accepts it.)
            4.10.bin   | signed-data    | SIGNED_OPAQUE   | NOT_ENCRYPTED         | -            | INVALID      | dsa-sha1  | alicedss@example.com
            # 4.11: certificates only (Alice's and Carl's), no content, no signer: a certs-only transport, not signed.
            4.11.bin   | certs-only     | CERTS_ONLY      | NOT_ENCRYPTED         | -            | NOT_SIGNED   | -         | -
            # 5.1: triple-DES content, key transported to Bob with RSA PKCS#1 v1.5; 3DES is read for old peers:
            #   DECRYPTED (content checked in envelopeShouldDecryptToExContentForBobOnly); still encrypted to the verifier.
            5.1.bin    | enveloped-data | ENVELOPED       | DECRYPTED             | des-ede3-cbc | ENCRYPTED    | -         | -
            # 5.2: RC2/128 content for Bob: RC2 is not accepted, so UNSUPPORTED_ALGORITHM naming the cipher.
            5.2.bin    | enveloped-data | ENVELOPED       | UNSUPPORTED_ALGORITHM | rc2-cbc      | ENCRYPTED    | -         | -
            # 5.3: a full message carrying 5.1: DECRYPTED.
            5.3.eml    | as-sent        | ENVELOPED       | DECRYPTED             | des-ede3-cbc | ENCRYPTED    | -         | -
            # 6.0: DigestedData (SHA-1 of ExContent). Not an S/MIME type and not handled: MALFORMED.
            6.0.bin    | unlabelled     | MALFORMED       | MALFORMED             | -            | MALFORMED    | -         | -
            # 7.1, 7.2: EncryptedData under a symmetric key shared out of band (no recipient information), without and
            #   with unprotected attributes. Not an S/MIME type and not handled: MALFORMED.
            7.1.bin    | unlabelled     | MALFORMED       | MALFORMED             | -            | MALFORMED    | -         | -
            7.2.bin    | unlabelled     | MALFORMED       | MALFORMED             | -            | MALFORMED    | -         | -
            """)
        void everyObjectShouldGetItsExactDecryptionAndVerificationStatus(String file, String label, SmimeKind kind,
                                                                         DecryptionStatus decryption, String cipher,
                                                                         SignatureStatus verification, String signature,
                                                                         String signer) {
            assertThat(SmimeMessages.kindOf(object(file, label))).isEqualTo(kind);

            DecryptionResult decrypted = new SmimeDecryptor().decrypt(object(file, label), List.of(bob));
            assertThat(decrypted.status()).as(decrypted.reason()).isEqualTo(decryption);
            assertThat(decrypted.contentAlgorithm()).isEqualTo(Optional.ofNullable(cipher));

            VerificationResult verified = carl.verify(object(file, label), List.of());
            assertThat(verified.status()).as(verified.reason()).isEqualTo(verification);
            assertThat(verified.algorithm()).isEqualTo(Optional.ofNullable(signature));
            assertThat(verified.signer()).isEqualTo(Optional.ofNullable(signer));
        }

        @ParameterizedTest(name = "{0} ({1})")
        @CsvSource({"5.1.bin, enveloped-data", "5.3.eml, as-sent"})
        void envelopeShouldDecryptToExContentForBobOnly(String file, String label) throws Exception {
            DecryptionResult forBob = new SmimeDecryptor().decrypt(object(file, label), List.of(bob));

            assertThat(forBob.status()).isEqualTo(DecryptionStatus.DECRYPTED);
            assertThat(forBob.recipientCertificate()).contains(bob.certificate());
            assertThat(forBob.message().orElseThrow().getRawInputStream().readAllBytes()).isEqualTo(exContent);
            DecryptionResult forDiane = new SmimeDecryptor().decrypt(object(file, label), List.of(diane));
            assertThat(forDiane.status()).isEqualTo(DecryptionStatus.NO_KEY);
            assertThat(forDiane.message()).isEmpty();
        }

        @Test
        void detachedSignatureShouldVerifyOverExContentOnly() {
            byte[] signature = InteropFiles.bytes("rfc4134/4.3.bin");

            VerificationResult result = carl.verifyDetached(exContent, signature, List.of());

            assertThat(result.status()).as(result.reason()).isEqualTo(SignatureStatus.VALID);
            assertThat(result.algorithm()).contains("dsa-sha1");
            assertThat(result.signer()).contains("alicedss@example.com");
            assertThat(carl.verifyDetached("This is some other content.".getBytes(StandardCharsets.US_ASCII), signature, List.of())
                .status()).isEqualTo(SignatureStatus.INVALID);
        }

        @Test
        void signatureShouldBeRevokedByTheCrlItCarries() {
            VerificationResult result = carl.verify(object("4.4.bin", "signed-data"), List.of());

            assertThat(result.status()).isEqualTo(SignatureStatus.REVOKED);
            assertThat(result.reason()).isEqualTo("the signer's certificate was revoked on 1999-08-22");
            assertThat(result.harvestableCertificates()).isEmpty();
        }

        /**
         * Diane's DSA certificate omits the domain parameters, which RFC 3279 section 2.3.2 says are inherited from
         * the issuer (CarlDSS). The verifier does not resolve inherited parameters, so her signature alone cannot be
         * checked and is reported INVALID (a known limit: nothing was altered); the message is VALID through Alice.
         */
        @Test
        void multipleSignersShouldBeValidThroughAlice() throws Exception {
            CMSSignedData both = new CMSSignedData(InteropFiles.bytes("rfc4134/4.6.bin"));
            assertThat(both.getSignerInfos().size()).isEqualTo(2);
            CMSSignedData dianeOnly = CMSSignedData.replaceSigners(both, new SignerInformationStore(
                both.getSignerInfos().getSigners().stream().filter(signer -> signer.getSID().getSerialNumber().intValue() == 210)
                    .toList()));

            VerificationResult diane = carl.verify(InteropFiles.pkcs7Message(dianeOnly.getEncoded(), "signed-data"), List.of());

            assertThat(diane.status()).isEqualTo(SignatureStatus.INVALID);
            assertThat(diane.signer()).contains("dianedss@example.com");
            assertThat(carl.verify(object("4.6.bin", "signed-data"), List.of()).signer()).contains("alicedss@example.com");
        }

        @ParameterizedTest(name = "{0} ({1})")
        @CsvSource({"4.1.bin, signed-data", "4.2.bin, signed-data", "4.5.bin, signed-data", "4.6.bin, signed-data",
            "4.7.bin, signed-data", "4.8.eml, as-sent", "4.9.eml, as-sent"})
        void validSignatureShouldBeWeakWhenSha1IsNotAccepted(String file, String label) {
            SmimeVerifier strict = new SmimeVerifier(List.of(InteropFiles.certificate("rfc4134/CarlDSSSelf.cer"),
                InteropFiles.certificate("rfc4134/CarlRSASelf.cer")), List.of(), NOW, false);

            VerificationResult result = strict.verify(object(file, label), List.of());

            assertThat(result.status()).isEqualTo(SignatureStatus.WEAK_ALGORITHM);
            assertThat(result.reason()).isEqualTo("the signature uses sha1, which is not accepted");
        }

        /** A non-S/MIME CMS type sent as enveloped-data is refused with a reason naming the type it really is. */
        @ParameterizedTest(name = "{0}")
        @CsvSource({
            "3.1.bin, 1.2.840.113549.1.7.1",
            "3.2.bin, 1.2.840.113549.1.7.1",
            "6.0.bin, 1.2.840.113549.1.7.5",
            "7.1.bin, 1.2.840.113549.1.7.6",
            "7.2.bin, 1.2.840.113549.1.7.6"})
        void otherCmsTypeLabelledAsEnvelopeShouldBeMalformed(String file, String contentTypeOid) {
            DecryptionResult result = new SmimeDecryptor().decrypt(object(file, "enveloped-data"), List.of(bob));

            assertThat(result.status()).isEqualTo(DecryptionStatus.MALFORMED);
            assertThat(result.reason()).isEqualTo("the S/MIME part holds CMS " + contentTypeOid + ", not an envelope");
            assertThat(result.message()).isEmpty();
        }

        @Test
        void tripleDesMessageShouldDecryptForBob() throws Exception {
            DecryptionResult result = new SmimeDecryptor().decrypt(InteropFiles.message("rfc4134/5.3.eml"), List.of(bob));

            assertThat(result.status()).isEqualTo(DecryptionStatus.DECRYPTED);
            assertThat(result.contentAlgorithm()).contains("des-ede3-cbc");
            assertThat(TestMessages.bodyText(result.message().orElseThrow())).startsWith("This is some sample content.");
        }

        @Test
        void rc2EnvelopeShouldBeUnsupported() {
            DecryptionResult result = new SmimeDecryptor().decrypt(
                InteropFiles.pkcs7Message(InteropFiles.bytes("rfc4134/5.2.bin"), "enveloped-data"), List.of(bob));

            assertThat(result.status()).isEqualTo(DecryptionStatus.UNSUPPORTED_ALGORITHM);
            assertThat(result.reason()).contains("rc2-cbc");
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource({"4.8.eml", "4.9.eml"})
        void dsaSignedMessageShouldVerifyAgainstCarl(String file) {
            VerificationResult result = new SmimeVerifier(List.of(InteropFiles.certificate("rfc4134/CarlDSSSelf.cer")), List.of(), NOW, true)
                .verify(InteropFiles.message("rfc4134/" + file), List.of());

            assertThat(result.status()).as(result.reason()).isEqualTo(SignatureStatus.VALID);
            assertThat(result.algorithm()).contains("dsa-sha1");
            assertThat(result.signer()).contains("alicedss@example.com");
        }

        @Test
        void rsaSignedDataShouldVerifyAgainstCarl() {
            VerificationResult result = new SmimeVerifier(List.of(InteropFiles.certificate("rfc4134/CarlRSASelf.cer")), List.of(), NOW, true)
                .verify(InteropFiles.pkcs7Message(InteropFiles.bytes("rfc4134/4.2.bin"), "signed-data"), List.of());

            assertThat(result.status()).as(result.reason()).isEqualTo(SignatureStatus.VALID);
            assertThat(result.signer()).contains("alicersa@example.com");
        }
    }
}
