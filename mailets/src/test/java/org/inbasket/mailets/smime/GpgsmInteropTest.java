package org.inbasket.mailets.smime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import javax.mail.internet.MimeMessage;

import org.inbasket.mailets.smime.TestPki.KeyType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What the gateway produces, read by gpgsm (GnuPG 2.2.40 on Debian 12) in a throw-away GNUPGHOME.
 *
 * <p>gpgsm 2.2 limits, checked by hand and documented in docs/mailets/smime.md: it decrypts only RSA
 * PKCS#1 v1.5 key transport (not RSA-OAEP, not ECDH) and only EnvelopedData (not AuthEnvelopedData/GCM);
 * its PKCS#12 import reads only RSA keys protected with PKCS#12 PBE (3DES/RC2) or PBES2 with
 * PBKDF2-HMAC-SHA1, AES-128 and a salt under 20 bytes, so the key is exported with
 * {@link Pkcs12.Profile#LEGACY} here ("encryptedData error at pkcs5PBES2-params" with the default
 * profile). It ignores {@code --passphrase}; {@code --passphrase-fd} with loopback pinentry works.</p>
 */
class GpgsmInteropTest {
    private static final String PASSPHRASE = "gpgsm interop";
    private static TestPki pki;
    private static SmimeIdentity rsa;
    private static SmimeIdentity ec;

    @TempDir
    Path directory;
    private Path home;

    @BeforeAll
    static void createPki() {
        pki = TestPki.create("Gpgsm Interop CA");
        rsa = pki.issue("patient@example.com", KeyType.RSA);
        ec = pki.issue("nurse@clinic.example", KeyType.EC);
    }

    @BeforeEach
    void createHome() throws Exception {
        home = Files.createDirectory(directory.resolve("gnupg"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.writeString(home.resolve("gpg-agent.conf"), "allow-loopback-pinentry\n");
        Files.writeString(home.resolve("gpgsm.conf"), "disable-crl-checks\n");
        String fingerprint = HexFormat.ofDelimiter(":").withUpperCase()
            .formatHex(MessageDigest.getInstance("SHA-1").digest(pki.caCertificate().getEncoded()));
        Files.writeString(home.resolve("trustlist.txt"), fingerprint + " S relax\n");
        Files.writeString(directory.resolve("ca.pem"), SmimeCertificates.toPem(pki.caCertificate()));
        assertThat(gpgsm(new byte[0], "--import", "ca.pem").exitCode()).isZero();
    }

    @AfterEach
    void stopAgent() {
        ExternalProcess.run(directory, Map.of("GNUPGHOME", home.toString()), new byte[0], List.of("gpgconf", "--kill", "gpg-agent"));
    }

    private ExternalProcess.Result gpgsm(byte[] stdin, String... arguments) {
        List<String> command = new ArrayList<>(List.of("gpgsm", "--batch", "--pinentry-mode", "loopback", "--passphrase-fd", "0",
            "--status-fd", "1"));
        command.addAll(List.of(arguments));
        return ExternalProcess.run(directory, Map.of("GNUPGHOME", home.toString()), stdin, command);
    }

    private static byte[] passphrase() {
        return (PASSPHRASE + "\n").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void encryptedMessageShouldDecryptWithGpgsm() throws Exception {
        Files.write(directory.resolve("key.p12"), Pkcs12.write(rsa, PASSPHRASE.toCharArray(), "patient@example.com", Pkcs12.Profile.LEGACY));
        ExternalProcess.Result imported = gpgsm(passphrase(), "--import", "key.p12");
        assertThat(imported.out()).as(imported.toString()).contains("IMPORT_OK");
        MimeMessage encrypted = new SmimeEncryptor(EncryptionOptions.DEFAULT.withRsaKeyTransport(RsaKeyTransport.RSA_PKCS1_V15))
            .encrypt(TestMessages.plain(), List.of(rsa.certificate(), ec.certificate()));
        Files.write(directory.resolve("encrypted.p7m"), SmimeMessages.readCmsBytes(encrypted));

        ExternalProcess.Result result = gpgsm(passphrase(), "--output", "decrypted.eml", "--decrypt", "encrypted.p7m");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("DECRYPTION_OKAY");
        assertThat(Files.readString(directory.resolve("decrypted.eml"))).contains("Your potassium is back to normal.");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(KeyType.class)
    void signedMessageShouldVerifyWithGpgsm(KeyType keyType) throws Exception {
        SmimeIdentity signer = keyType == KeyType.RSA ? rsa : ec;
        MimeMessage signed = new SmimeSigner().sign(TestMessages.multipart(), signer);
        writeDetached(signed);

        ExternalProcess.Result result = gpgsm(new byte[0], "--verify", "signature.p7s", "content.eml");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("GOODSIG").contains("VALIDSIG").contains("TRUST_FULLY");
    }

    @Test
    void tamperedSignedMessageShouldFailWithGpgsm() throws Exception {
        writeDetached(new SmimeSigner().sign(TestMessages.plain(), rsa));
        Files.writeString(directory.resolve("content.eml"), Files.readString(directory.resolve("content.eml")).replace("potassium", "magnesium"));

        ExternalProcess.Result result = gpgsm(new byte[0], "--verify", "signature.p7s", "content.eml");

        assertThat(result.out()).contains("BADSIG").doesNotContain("GOODSIG");
    }

    private void writeDetached(MimeMessage signed) throws Exception {
        TestMessages.writeDetached(signed, directory.resolve("content.eml"), directory.resolve("signature.p7s"));
    }
}
