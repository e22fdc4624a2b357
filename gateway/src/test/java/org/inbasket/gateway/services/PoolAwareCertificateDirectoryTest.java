package org.inbasket.gateway.services;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.inbasket.mailets.smime.DecryptionResult;
import org.inbasket.mailets.smime.DecryptionStatus;
import org.inbasket.mailets.smime.EncryptionOptions;
import org.inbasket.mailets.smime.SmimeDecryptor;
import org.inbasket.mailets.smime.SmimeEncryptor;
import org.inbasket.mailets.smime.SmimeIdentity;
import org.inbasket.mailets.smime.ca.CertificateAuthority;
import org.inbasket.mailets.smime.ca.CertificateAuthoritySettings;
import org.inbasket.mailets.smime.directory.InMemoryCertificateDirectory;
import org.inbasket.mailets.smime.directory.InMemoryPrivateKeyDirectory;
import org.inbasket.mailets.triage.pool.MemoryPoolDirectory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One envelope for a pool opens for the pool's key and for each current member's own key: certificates from the
 * gateway's CA, the in-memory directories, and the gateway's encryptor and decryptor, as pool mail is handled.
 */
class PoolAwareCertificateDirectoryTest {
    private static final String POOL = "rn-pool@clinic.example";
    private static final String JOY = "nurse.joy@clinic.example";
    private static final String KIM = "nurse.kim@clinic.example";
    private static final String OUTSIDER = "dr.grey@clinic.example";
    private static final String BODY = "Bed 4 needs a potassium recheck at 14:00.";

    @TempDir
    static Path caDirectory;
    static CertificateAuthority authority;

    private final InMemoryCertificateDirectory certificates = new InMemoryCertificateDirectory();
    private final MemoryPoolDirectory pools = new MemoryPoolDirectory();
    private final PoolAwareCertificateDirectory directory = new PoolAwareCertificateDirectory(certificates, pools);
    private SmimeIdentity pool;
    private SmimeIdentity joy;
    private SmimeIdentity kim;
    private SmimeIdentity outsider;

    @BeforeAll
    static void openAuthority() throws Exception {
        authority = CertificateAuthority.openOrCreate(caDirectory, "ca-password".toCharArray(),
            CertificateAuthoritySettings.DEFAULT, Clock.systemUTC());
    }

    @BeforeEach
    void setUp() throws Exception {
        CertificateProvisioning provisioning = new CertificateProvisioning(authority, certificates,
            new InMemoryPrivateKeyDirectory(), Clock.systemUTC());
        pool = provisioning.issue(POOL);
        joy = provisioning.issue(JOY);
        kim = provisioning.issue(KIM);
        outsider = provisioning.issue(OUTSIDER);
        pools.createPool(new MailAddress(POOL));
        pools.addMember(new MailAddress(POOL), new MailAddress(JOY));
        pools.addMember(new MailAddress(POOL), new MailAddress(KIM));
    }

    @Test
    void poolEnvelopeShouldOpenForThePoolKeyAndEachMembersOwnKey() throws Exception {
        assertThat(findForPool()).containsExactlyInAnyOrder(pool.certificate(), joy.certificate(), kim.certificate());
        MimeMessage envelope = encryptForPool();

        for (SmimeIdentity reader : List.of(pool, joy, kim)) {
            DecryptionResult result = new SmimeDecryptor().decrypt(envelope, List.of(reader));

            assertThat(result.status()).as(reader.toString()).isEqualTo(DecryptionStatus.DECRYPTED);
            assertThat(result.recipientCertificate()).contains(reader.certificate());
            assertThat(result.message().orElseThrow().getContent()).asString().contains(BODY);
        }
    }

    @Test
    void poolEnvelopeShouldNotOpenForANonMember() throws Exception {
        DecryptionResult result = new SmimeDecryptor().decrypt(encryptForPool(), List.of(outsider));

        assertThat(result.status()).isEqualTo(DecryptionStatus.NO_KEY);
        assertThat(result.message()).isEmpty();
    }

    @Test
    void memberRemovedFromThePoolShouldBeLeftOutOfTheNextEnvelope() throws Exception {
        pools.removeMember(new MailAddress(POOL), new MailAddress(KIM));

        assertThat(findForPool()).containsExactlyInAnyOrder(pool.certificate(), joy.certificate());
        MimeMessage envelope = encryptForPool();
        assertThat(new SmimeDecryptor().decrypt(envelope, List.of(kim)).status()).isEqualTo(DecryptionStatus.NO_KEY);
        assertThat(new SmimeDecryptor().decrypt(envelope, List.of(joy)).status()).isEqualTo(DecryptionStatus.DECRYPTED);
        assertThat(new SmimeDecryptor().decrypt(envelope, List.of(pool)).status()).isEqualTo(DecryptionStatus.DECRYPTED);
    }

    @Test
    void memberWithoutACertificateShouldBeAbsentWhileTheEnvelopeOpensForTheOthers() throws Exception {
        pools.addMember(new MailAddress(POOL), new MailAddress("nurse.new@clinic.example"));

        assertThat(findForPool()).containsExactlyInAnyOrder(pool.certificate(), joy.certificate(), kim.certificate());
        MimeMessage envelope = encryptForPool();
        for (SmimeIdentity reader : List.of(pool, joy, kim)) {
            assertThat(new SmimeDecryptor().decrypt(envelope, List.of(reader)).status()).as(reader.toString())
                .isEqualTo(DecryptionStatus.DECRYPTED);
        }
    }

    private List<X509Certificate> findForPool() {
        return directory.findEncryptionCertificates(POOL, Instant.now());
    }

    private MimeMessage encryptForPool() throws Exception {
        return new SmimeEncryptor(EncryptionOptions.DEFAULT).encrypt(message(), findForPool());
    }

    private static MimeMessage message() throws Exception {
        String text = "From: " + OUTSIDER + "\r\n"
            + "To: " + POOL + "\r\n"
            + "Subject: Bed 4\r\n"
            + "Message-ID: <pool-1@clinic.example>\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=us-ascii\r\n"
            + "\r\n"
            + BODY + "\r\n";
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)));
    }
}
