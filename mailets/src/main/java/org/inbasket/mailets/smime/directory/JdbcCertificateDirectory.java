package org.inbasket.mailets.smime.directory;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import javax.sql.DataSource;

import org.inbasket.mailets.smime.SmimeCertificates;

/**
 * A {@link CertificateDirectory} in the gateway's database: tables {@code inbasket_smime_certificate} and
 * {@code inbasket_smime_certificate_address}, created by the Flyway migration
 * {@code db/inbasket/V10__smime_certificate_directory.sql} (portable SQL for Derby 10.14 and PostgreSQL 15:
 * certificates are stored as PEM text in VARCHAR, times as epoch milliseconds in BIGINT).
 *
 * <p>Thread-safe: every call takes its own connection from the pool; adding is idempotent even when two
 * threads add the same certificate at once.</p>
 */
public final class JdbcCertificateDirectory implements CertificateDirectory {
    static final int MAX_PEM_LENGTH = 32_000;
    static final int MAX_ADDRESS_LENGTH = 320;
    private static final int MAX_SUBJECT_LENGTH = 1024;

    private final DataSource dataSource;

    public JdbcCertificateDirectory(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    @Override
    public List<String> add(X509Certificate certificate) {
        List<String> addresses = CertificateDirectory.addressesOf(certificate).stream()
            .filter(address -> address.length() <= MAX_ADDRESS_LENGTH)
            .toList();
        String pem = SmimeCertificates.toPem(certificate);
        if (pem.length() > MAX_PEM_LENGTH) {
            throw new IllegalArgumentException("the certificate is larger than " + MAX_PEM_LENGTH + " PEM characters");
        }
        String fingerprint = SmimeCertificates.fingerprint(certificate);
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                if (!exists(connection, fingerprint)) {
                    insertCertificate(connection, fingerprint, certificate, pem);
                    for (String address : addresses) {
                        insertAddress(connection, fingerprint, address);
                    }
                }
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                if (!isDuplicateKey(e)) {
                    throw e;
                }
            }
        } catch (SQLException e) {
            throw new DirectoryException("cannot store a certificate in the database", e);
        }
        return addresses;
    }

    @Override
    public List<X509Certificate> list(String address) {
        return query("SELECT c.pem FROM inbasket_smime_certificate c JOIN inbasket_smime_certificate_address a"
            + " ON a.fingerprint = c.fingerprint WHERE a.address = ?", SmimeCertificates.normalizeAddress(address));
    }

    @Override
    public List<X509Certificate> listAll() {
        return query("SELECT pem FROM inbasket_smime_certificate ORDER BY added_at, fingerprint", null);
    }

    @Override
    public boolean remove(X509Certificate certificate) {
        String fingerprint = SmimeCertificates.fingerprint(certificate);
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement addresses = connection.prepareStatement(
                     "DELETE FROM inbasket_smime_certificate_address WHERE fingerprint = ?");
                 PreparedStatement certificates = connection.prepareStatement(
                     "DELETE FROM inbasket_smime_certificate WHERE fingerprint = ?")) {
                addresses.setString(1, fingerprint);
                addresses.executeUpdate();
                certificates.setString(1, fingerprint);
                int removed = certificates.executeUpdate();
                connection.commit();
                return removed > 0;
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new DirectoryException("cannot remove a certificate from the database", e);
        }
    }

    private List<X509Certificate> query(String sql, String parameter) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            if (parameter != null) {
                statement.setString(1, parameter);
            }
            List<X509Certificate> result = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    result.addAll(SmimeCertificates.readPemCertificates(rows.getString(1)));
                }
            }
            return result;
        } catch (SQLException e) {
            throw new DirectoryException("cannot read certificates from the database", e);
        } catch (CertificateException e) {
            throw new DirectoryException("a certificate in the database is damaged", e);
        }
    }

    private static boolean exists(Connection connection, String fingerprint) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
            "SELECT 1 FROM inbasket_smime_certificate WHERE fingerprint = ?")) {
            statement.setString(1, fingerprint);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        }
    }

    private static void insertCertificate(Connection connection, String fingerprint, X509Certificate certificate, String pem)
        throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("INSERT INTO inbasket_smime_certificate"
            + " (fingerprint, subject, not_after, pem, added_at) VALUES (?, ?, ?, ?, ?)")) {
            String subject = certificate.getSubjectX500Principal().getName();
            statement.setString(1, fingerprint);
            statement.setString(2, subject.length() > MAX_SUBJECT_LENGTH ? subject.substring(0, MAX_SUBJECT_LENGTH) : subject);
            statement.setLong(3, certificate.getNotAfter().getTime());
            statement.setString(4, pem);
            statement.setLong(5, System.currentTimeMillis());
            statement.executeUpdate();
        }
    }

    private static void insertAddress(Connection connection, String fingerprint, String address) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
            "INSERT INTO inbasket_smime_certificate_address (address, fingerprint) VALUES (?, ?)")) {
            statement.setString(1, address);
            statement.setString(2, fingerprint);
            statement.executeUpdate();
        }
    }

    /** SQLState class 23 is an integrity violation on Derby and PostgreSQL alike. */
    private static boolean isDuplicateKey(SQLException e) {
        return e.getSQLState() != null && e.getSQLState().startsWith("23");
    }
}
