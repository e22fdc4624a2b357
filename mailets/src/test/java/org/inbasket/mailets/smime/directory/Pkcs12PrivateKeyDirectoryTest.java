package org.inbasket.mailets.smime.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.inbasket.mailets.smime.SmimeIdentity;
import org.inbasket.mailets.smime.TestPki.KeyType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Pkcs12PrivateKeyDirectoryTest extends PrivateKeyDirectoryContract {
    private static final char[] PASSWORD = "key store password".toCharArray();
    @TempDir
    Path folder;
    private Pkcs12PrivateKeyDirectory directory;

    @BeforeEach
    void create() {
        directory = new Pkcs12PrivateKeyDirectory(folder.resolve("keys"), PASSWORD);
    }

    @Override
    protected PrivateKeyDirectory directory() {
        return directory;
    }

    @Override
    protected PrivateKeyDirectory reopen() {
        return new Pkcs12PrivateKeyDirectory(folder.resolve("keys"), PASSWORD);
    }

    @Test
    void keyFileShouldBeReadableByItsOwnerOnly() throws Exception {
        directory.add("dr.grey@clinic.example", pki.issue("dr.grey@clinic.example", KeyType.RSA));

        try (var files = Files.walk(folder.resolve("keys"))) {
            Path file = files.filter(path -> path.toString().endsWith(".p12")).findFirst().orElseThrow();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            assertThat(file.getParent().getFileName().toString()).isEqualTo("dr.grey@clinic.example");
        }
    }

    @Test
    void ownerNamesShouldNotClimbOutOfTheFolder() {
        assertThat(Pkcs12PrivateKeyDirectory.encode("../../etc/passwd")).isEqualTo("%2E.%2F..%2Fetc%2Fpasswd");
        assertThat(Pkcs12PrivateKeyDirectory.encode("..")).isEqualTo("%2E.");
        assertThat(Pkcs12PrivateKeyDirectory.decode(Pkcs12PrivateKeyDirectory.encode("\"odd name\"@clinic.example")))
            .isEqualTo("\"odd name\"@clinic.example");
    }

    @Test
    void aFileWithAnotherPasswordShouldBeSkippedNotFatal() {
        SmimeIdentity grey = pki.issue("dr.grey@clinic.example", KeyType.RSA);
        new Pkcs12PrivateKeyDirectory(folder.resolve("keys"), "another password".toCharArray()).add("dr.grey@clinic.example", grey);
        SmimeIdentity second = pki.issue("dr.grey@clinic.example", KeyType.EC);
        directory.add("dr.grey@clinic.example", second);

        assertThat(reopen().list("dr.grey@clinic.example")).extracting(SmimeIdentity::certificate).containsExactly(second.certificate());
    }

    /** The gateway's profile for its own files: random password, modern algorithms, few iterations. */
    @Test
    void storeProfileShouldWriteFewIterationsAndReadOlderModernFiles() throws Exception {
        char[] random = "0123456789abcdefghijklmnopqrstuvwxyzABCD".toCharArray();
        SmimeIdentity old = pki.issue("dr.grey@clinic.example", KeyType.RSA);
        new Pkcs12PrivateKeyDirectory(folder.resolve("store"), random).add("dr.grey@clinic.example", old);
        Pkcs12PrivateKeyDirectory store = new Pkcs12PrivateKeyDirectory(folder.resolve("store"), random, org.inbasket.mailets.smime.Pkcs12.Profile.STORE);
        SmimeIdentity fresh = pki.issue("dr.grey@clinic.example", KeyType.RSA);
        store.add("dr.grey@clinic.example", fresh);

        assertThat(store.list("dr.grey@clinic.example")).extracting(SmimeIdentity::certificate)
            .containsExactlyInAnyOrder(old.certificate(), fresh.certificate());
        try (var files = Files.walk(folder.resolve("store"))) {
            assertThat(files.filter(path -> path.toString().endsWith(".p12")).map(Pkcs12PrivateKeyDirectoryTest::macIterations))
                .containsExactlyInAnyOrder(org.inbasket.mailets.smime.Pkcs12.ITERATIONS, org.inbasket.mailets.smime.Pkcs12.STORE_ITERATIONS);
        }
    }

    @Test
    void storeProfileShouldRefuseAShortPassword() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                new Pkcs12PrivateKeyDirectory(folder.resolve("store"), PASSWORD, org.inbasket.mailets.smime.Pkcs12.Profile.STORE))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("at least 32 characters");
    }

    private static int macIterations(Path file) {
        try {
            return org.bouncycastle.asn1.pkcs.Pfx.getInstance(Files.readAllBytes(file)).getMacData().getIterationCount().intValueExact();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
