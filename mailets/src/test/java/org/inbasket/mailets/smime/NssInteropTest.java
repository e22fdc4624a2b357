package org.inbasket.mailets.smime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.mail.internet.MimeMessage;

import org.inbasket.mailets.smime.TestPki.KeyType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What the gateway produces, read by NSS, the cryptographic library of Thunderbird (Debian 12's NSS 3.87 tools:
 * {@code certutil}, {@code pk12util}, {@code cmsutil}) in a throw-away database: the PKCS#12 file clinicians
 * import into Thunderbird, and S/MIME encrypted and signed mail.
 */
class NssInteropTest {
    private static final String PASSWORD = "nss interop password";
    private static TestPki pki;
    private static SmimeIdentity rsa;
    private static SmimeIdentity ec;

    @TempDir
    Path directory;
    private String db;

    @BeforeAll
    static void createPki() {
        pki = TestPki.create("Nss Interop CA");
        rsa = pki.issue("dr.grey@clinic.example", KeyType.RSA);
        ec = pki.issue("nurse.joy@clinic.example", KeyType.EC);
    }

    @BeforeEach
    void createDatabase() throws Exception {
        db = "sql:" + Files.createDirectory(directory.resolve("nssdb"));
        assertThat(run(new byte[0], "certutil", "-N", "-d", db, "--empty-password").exitCode()).isZero();
        Files.writeString(directory.resolve("ca.pem"), SmimeCertificates.toPem(pki.caCertificate()));
        ExternalProcess.Result ca = run(new byte[0], "certutil", "-A", "-d", db, "-n", "clinic-ca", "-t", "C,C,C", "-a",
            "-i", directory.resolve("ca.pem").toString());
        assertThat(ca.exitCode()).as(ca.toString()).isZero();
    }

    private ExternalProcess.Result run(byte[] stdin, String... command) {
        return ExternalProcess.run(directory, Map.of(), stdin, new ArrayList<>(List.of(command)));
    }

    private void importKey(SmimeIdentity identity, String name) throws Exception {
        Path file = directory.resolve(name + ".p12");
        Files.write(file, Pkcs12.write(identity, PASSWORD.toCharArray(), name, Pkcs12.Profile.MODERN));
        Path passwordFile = Files.writeString(directory.resolve(name + ".pass"), PASSWORD);
        ExternalProcess.Result imported = run(new byte[0], "pk12util", "-i", file.toString(), "-d", db,
            "-w", passwordFile.toString());
        assertThat(imported.exitCode()).as(imported.toString()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(KeyType.class)
    void pkcs12FileShouldImportIntoNssWithItsKey(KeyType keyType) throws Exception {
        SmimeIdentity identity = keyType == KeyType.RSA ? rsa : ec;
        importKey(identity, "clinician");

        ExternalProcess.Result certificates = run(new byte[0], "certutil", "-L", "-d", db);
        assertThat(new String(certificates.stdout(), StandardCharsets.UTF_8)).as(certificates.toString())
            .containsPattern("clinician\\s+u,u,u");
        ExternalProcess.Result keys = run(new byte[0], "certutil", "-K", "-d", db);
        assertThat(new String(keys.stdout(), StandardCharsets.UTF_8)).as(keys.toString()).contains("clinician");
    }

    @Test
    void encryptedMessageWithPkcs1KeyTransportShouldDecryptWithNss() throws Exception {
        importKey(rsa, "dr.grey");
        MimeMessage encrypted = new SmimeEncryptor(EncryptionOptions.DEFAULT.withRsaKeyTransport(RsaKeyTransport.RSA_PKCS1_V15))
            .encrypt(TestMessages.plain(), List.of(rsa.certificate()));
        Files.write(directory.resolve("encrypted.p7m"), SmimeMessages.readCmsBytes(encrypted));

        ExternalProcess.Result result = run(new byte[0], "cmsutil", "-D", "-d", db, "-i",
            directory.resolve("encrypted.p7m").toString(), "-o", directory.resolve("decrypted.eml").toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(Files.readString(directory.resolve("decrypted.eml"))).contains("Your potassium is back to normal.");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(KeyType.class)
    void signedMessageShouldVerifyWithNss(KeyType keyType) throws Exception {
        SmimeIdentity signer = keyType == KeyType.RSA ? rsa : ec;
        writeDetached(new SmimeSigner().sign(TestMessages.multipart(), signer));

        ExternalProcess.Result result = verify();

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).as(result.toString())
            .contains("signer0.id=\"" + signer.certificate().getSubjectX500Principal().getName().replaceAll(".*CN=([^,]+).*", "$1") + "\"")
            .contains("signer0.status=GoodSignature");
    }

    @Test
    void tamperedSignedMessageShouldFailWithNss() throws Exception {
        writeDetached(new SmimeSigner().sign(TestMessages.plain(), rsa));
        Files.writeString(directory.resolve("content.eml"),
            Files.readString(directory.resolve("content.eml")).replace("potassium", "magnesium"));

        ExternalProcess.Result result = verify();

        assertThat(result.out()).as(result.toString()).contains("signer0.status=").doesNotContain("GoodSignature");
    }

    /** cmsutil decodes the detached signature over content.eml; -h 0 prints each signer's status. */
    private ExternalProcess.Result verify() {
        return run(new byte[0], "cmsutil", "-D", "-h", "0", "-d", db, "-u", "4", "-i",
            directory.resolve("signature.p7s").toString(), "-c", directory.resolve("content.eml").toString());
    }

    private void writeDetached(MimeMessage signed) throws Exception {
        TestMessages.writeDetached(signed, directory.resolve("content.eml"), directory.resolve("signature.p7s"));
    }
}
