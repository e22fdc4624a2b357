package org.inbasket.mailets.smime.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import org.bouncycastle.asn1.x509.KeyUsage;
import org.inbasket.mailets.smime.SmimeIdentity;
import org.inbasket.mailets.smime.TestPki;
import org.inbasket.mailets.smime.TestPki.KeyType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link PrivateKeyDirectory} shares; one subclass per implementation. */
abstract class PrivateKeyDirectoryContract {
    protected static TestPki pki;

    @BeforeAll
    static void createPki() {
        pki = TestPki.create("Key Directory CA");
    }

    protected abstract PrivateKeyDirectory directory();

    protected abstract PrivateKeyDirectory reopen();

    @Test
    void addShouldStoreTheKeyWithItsChainUnderTheOwnerCaseInsensitively() {
        SmimeIdentity grey = pki.issue("dr.grey@clinic.example", KeyType.RSA);

        directory().add("Dr.Grey@Clinic.Example", grey);

        SmimeIdentity stored = directory().list("dr.grey@clinic.example").get(0);
        assertThat(stored.privateKey().getEncoded()).isEqualTo(grey.privateKey().getEncoded());
        assertThat(stored.chain()).containsExactlyElementsOf(grey.chain());
        assertThat(directory().owners()).containsExactly("dr.grey@clinic.example");
    }

    @Test
    void addingTheSameCertificateAgainShouldKeepOneEntry() {
        SmimeIdentity grey = pki.issue("dr.grey@clinic.example", KeyType.EC);

        directory().add("dr.grey@clinic.example", grey);
        directory().add("dr.grey@clinic.example", grey);

        assertThat(directory().list("dr.grey@clinic.example")).hasSize(1);
    }

    @Test
    void listShouldKeepExpiredKeysForOldMail() {
        SmimeIdentity old = pki.issue("dr.grey@clinic.example", KeyType.RSA, options -> options.expired());
        SmimeIdentity current = pki.issue("dr.grey@clinic.example", KeyType.EC);
        directory().add("dr.grey@clinic.example", old);
        directory().add("dr.grey@clinic.example", current);

        assertThat(directory().list("dr.grey@clinic.example")).extracting(SmimeIdentity::certificate)
            .containsExactlyInAnyOrder(old.certificate(), current.certificate());
        assertThat(directory().findSigningKey("dr.grey@clinic.example", Instant.now()).map(SmimeIdentity::certificate))
            .contains(current.certificate());
    }

    @Test
    void findSigningKeyShouldSkipKeysNotAllowedToSign() {
        SmimeIdentity encryptOnly = pki.issue("dr.grey@clinic.example", KeyType.RSA, options -> options.keyUsage = KeyUsage.keyEncipherment);
        directory().add("dr.grey@clinic.example", encryptOnly);

        assertThat(directory().findSigningKey("dr.grey@clinic.example", Instant.now())).isEmpty();
        assertThat(directory().findSigningKey("nobody@clinic.example", Instant.now())).isEmpty();
    }

    @Test
    void findSigningKeyShouldPreferTheKeyValidLongest() {
        SmimeIdentity shorter = pki.issue("clinic.example", KeyType.RSA, options -> options.notAfter = Instant.now().plus(Duration.ofDays(10)));
        SmimeIdentity longer = pki.issue("clinic.example", KeyType.RSA, options -> options.notAfter = Instant.now().plus(Duration.ofDays(900)));
        directory().add("clinic.example", shorter);
        directory().add("clinic.example", longer);

        assertThat(directory().findSigningKey("clinic.example", Instant.now()).map(SmimeIdentity::certificate)).contains(longer.certificate());
    }

    @Test
    void removeShouldDeleteOnlyThatKey() {
        SmimeIdentity first = pki.issue("dr.grey@clinic.example", KeyType.RSA);
        SmimeIdentity second = pki.issue("dr.grey@clinic.example", KeyType.EC);
        directory().add("dr.grey@clinic.example", first);
        directory().add("dr.grey@clinic.example", second);

        assertThat(directory().remove("dr.grey@clinic.example", first.certificate())).isTrue();
        assertThat(directory().remove("dr.grey@clinic.example", first.certificate())).isFalse();
        assertThat(directory().remove("someone@clinic.example", second.certificate())).isFalse();

        assertThat(directory().list("dr.grey@clinic.example")).extracting(SmimeIdentity::certificate).containsExactly(second.certificate());
    }

    @Test
    void removingTheLastKeyShouldForgetTheOwner() {
        SmimeIdentity only = pki.issue("dr.grey@clinic.example", KeyType.RSA);
        directory().add("dr.grey@clinic.example", only);

        directory().remove("dr.grey@clinic.example", only.certificate());

        assertThat(directory().owners()).isEmpty();
        assertThat(directory().list("dr.grey@clinic.example")).isEmpty();
    }

    @Test
    void keysShouldSurviveReopening() {
        SmimeIdentity grey = pki.issue("dr.grey@clinic.example", KeyType.RSA);
        directory().add("dr.grey@clinic.example", grey);

        assertThat(reopen().findSigningKey("dr.grey@clinic.example", Instant.now()).map(SmimeIdentity::certificate))
            .contains(grey.certificate());
    }

    @Test
    void addShouldRejectAnEmptyOwner() {
        SmimeIdentity grey = pki.issue("dr.grey@clinic.example", KeyType.RSA);

        assertThatThrownBy(() -> directory().add("  ", grey)).isInstanceOf(IllegalArgumentException.class);
    }
}
