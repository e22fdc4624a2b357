package org.inbasket.mailets.smime.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.util.UUID;

import org.apache.derby.jdbc.EmbeddedDataSource;
import org.flywaydb.core.Flyway;
import org.inbasket.mailets.smime.SmimeIdentity;
import org.inbasket.mailets.smime.TestPki.KeyType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JdbcCertificateDirectoryTest extends CertificateDirectoryContract {
    private EmbeddedDataSource dataSource;
    private JdbcCertificateDirectory directory;

    @BeforeEach
    void migrate() {
        dataSource = new EmbeddedDataSource();
        dataSource.setDatabaseName("memory:smime-" + UUID.randomUUID());
        dataSource.setCreateDatabase("create");
        Flyway.configure().dataSource(dataSource).locations("classpath:db/inbasket").load().migrate();
        directory = new JdbcCertificateDirectory(dataSource);
    }

    @Override
    protected CertificateDirectory directory() {
        return directory;
    }

    @Override
    protected CertificateDirectory reopen() {
        return new JdbcCertificateDirectory(dataSource);
    }

    @Test
    void addShouldIndexEveryAddressRow() throws Exception {
        SmimeIdentity patient = pki.issue("patient@example.com", KeyType.RSA);

        directory.add(patient.certificate());

        try (Connection connection = dataSource.getConnection();
             ResultSet rows = connection.createStatement().executeQuery(
                 "SELECT address FROM inbasket_smime_certificate_address")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("patient@example.com");
            assertThat(rows.next()).isFalse();
        }
    }
}
