package org.inbasket.gateway.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.inbasket.gateway.config.GatewaySettings;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backup and restore of a data directory on embedded Derby, without a gateway (the IT runs the real one). */
class GatewayBackupTest {
    @TempDir
    Path conf;
    @TempDir
    Path data;
    @TempDir
    Path work;
    private final List<String> progress = new ArrayList<>();

    @BeforeEach
    void dataDirectory() throws Exception {
        Files.writeString(conf.resolve("gateway.properties"), "hostname = mail.clinic.example\n");
        Files.createDirectories(conf.resolve("triage"));
        Files.writeString(conf.resolve("triage").resolve("pools.conf"), "# pools\n");
        write(data.resolve("db/derby/seg0/c10.dat"), "derby pages");
        write(data.resolve("var/smime/keys/dr.grey.p12"), "key");
        write(data.resolve("var/smime/ca.password"), "ca secret");
        write(data.resolve("admin.token"), "token");
        write(data.resolve("tls/keystore.p12"), "tls");
        write(data.resolve("logs/gateway.log"), "a log line");
        write(data.resolve("runtime/conf/smtpserver.xml"), "<smtpservers/>");
    }

    private static void write(Path file, String text) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private GatewayBackup backup(Path dataDir) {
        GatewaySettings settings = GatewaySettings.load(conf, Map.of(), Map.of("data.dir", dataDir.toString()));
        return new GatewayBackup(settings, null, progress::add);
    }

    @Test
    void backupShouldHoldDataAndConfButNotLogsOrRenderedConfiguration() throws Exception {
        Path archive = work.resolve("b.zip");
        assertThat(backup(data).backup(archive)).isEqualTo(5);

        assertThat(GatewayBackup.entries(archive)).first().isEqualTo(GatewayBackup.MANIFEST);
        assertThat(GatewayBackup.entries(archive)).contains("data/db/derby/seg0/c10.dat",
            "data/var/smime/keys/dr.grey.p12", "data/var/smime/ca.password", "data/admin.token",
            "data/tls/keystore.p12", "conf/gateway.properties", "conf/triage/pools.conf")
            .noneMatch(name -> name.startsWith("data/logs") || name.startsWith("data/runtime")
                || name.equals("data/" + DataLock.FILE_NAME));
        assertThat(Files.getPosixFilePermissions(archive)).extracting(Enum::name)
            .containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
        assertThat(progress).anyMatch(line -> line.contains("5 files"));
    }

    @Test
    void restoreShouldRecreateTheDataDirectoryOwnerOnly() throws Exception {
        Path archive = work.resolve("b.zip");
        backup(data).backup(archive);
        Path fresh = work.resolve("restored");

        assertThat(backup(fresh).restore(archive, false)).isEqualTo(5);

        assertThat(Files.readString(fresh.resolve("var/smime/keys/dr.grey.p12"))).isEqualTo("key");
        assertThat(Files.readString(fresh.resolve("admin.token"))).isEqualTo("token");
        assertThat(fresh.resolve("logs")).doesNotExist();
        assertThat(Files.getPosixFilePermissions(fresh.resolve("var/smime/ca.password"))).extracting(Enum::name)
            .containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
    }

    @Test
    void backupAndRestoreShouldRefuseADataDirectoryAGatewayHolds() throws Exception {
        try (DataLock held = DataLock.tryAcquire(data).orElseThrow()) {
            assertThatThrownBy(() -> backup(data).backup(work.resolve("b.zip")))
                .isInstanceOf(BackupException.class).hasMessageContaining("a gateway is running");
            assertThat(work.resolve("b.zip")).doesNotExist();
        }
        Path archive = work.resolve("b.zip");
        backup(data).backup(archive);
        try (DataLock held = DataLock.tryAcquire(data).orElseThrow()) {
            assertThatThrownBy(() -> backup(data).restore(archive, true)).hasMessageContaining("stop it first");
        }
    }

    @Test
    void restoreShouldRefuseANonEmptyDirectoryUnlessForced() throws Exception {
        Path archive = work.resolve("b.zip");
        backup(data).backup(archive);
        Files.writeString(data.resolve("admin.token"), "changed since");
        Files.writeString(data.resolve("stray-file"), "x");

        assertThatThrownBy(() -> backup(data).restore(archive, false))
            .isInstanceOf(BackupException.class).hasMessageContaining("is not empty").hasMessageContaining("--force");
        assertThat(Files.readString(data.resolve("admin.token"))).isEqualTo("changed since");

        backup(data).restore(archive, true);
        assertThat(Files.readString(data.resolve("admin.token"))).isEqualTo("token");
        assertThat(data.resolve("stray-file")).doesNotExist();
    }

    @Test
    void backupShouldNotOverwriteAnExistingFile() throws Exception {
        Path archive = Files.writeString(work.resolve("b.zip"), "older backup");
        assertThatThrownBy(() -> backup(data).backup(archive)).hasMessageContaining("exists already");
        assertThat(Files.readString(archive)).isEqualTo("older backup");
    }

    @Test
    void restoreShouldRefuseFilesThatAreNotBackupsAndEntriesOutsideTheDataDirectory() throws Exception {
        Path notABackup = work.resolve("other.zip");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(notABackup))) {
            zip.putNextEntry(new ZipEntry("data/admin.token"));
            zip.closeEntry();
        }
        Path fresh = work.resolve("fresh");
        assertThatThrownBy(() -> backup(fresh).restore(notABackup, false)).hasMessageContaining("is not a gateway backup");

        Path hostile = work.resolve("hostile.zip");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(hostile))) {
            zip.putNextEntry(new ZipEntry(GatewayBackup.MANIFEST));
            zip.write("format=1\ndatabase=derby\n".getBytes());
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("data/../../escaped"));
            zip.write("x".getBytes());
            zip.closeEntry();
        }
        assertThatThrownBy(() -> backup(fresh).restore(hostile, false)).hasMessageContaining("points outside");
        assertThat(work.resolve("escaped")).doesNotExist();
        assertThat(work.getParent().resolve("escaped")).doesNotExist();
        try (var left = Files.list(fresh)) {
            assertThat(left.map(p -> p.getFileName().toString())).as("nothing restored from a refused archive")
                .containsOnly(DataLock.FILE_NAME);
        }
    }

    @Test
    void restoreShouldRefuseABackupOfAnotherDatabaseKind() throws Exception {
        Path postgres = work.resolve("pg.zip");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(postgres))) {
            zip.putNextEntry(new ZipEntry(GatewayBackup.MANIFEST));
            zip.write("format=1\ndatabase=postgresql\n".getBytes());
            zip.closeEntry();
        }
        assertThatThrownBy(() -> backup(work.resolve("fresh")).restore(postgres, false))
            .hasMessageContaining("on postgresql, but this gateway's settings use derby");
    }
}
