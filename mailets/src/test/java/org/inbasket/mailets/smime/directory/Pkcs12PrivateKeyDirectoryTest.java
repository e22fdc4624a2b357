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
}
