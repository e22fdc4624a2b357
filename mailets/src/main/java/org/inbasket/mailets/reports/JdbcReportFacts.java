package org.inbasket.mailets.reports;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import javax.mail.internet.AddressException;
import javax.sql.DataSource;

import org.apache.james.core.MailAddress;

/**
 * {@link ReportFacts} in the gateway's database: tables {@code inbasket_report_patient_message} and
 * {@code inbasket_report_secure_message} (Flyway {@code V50__report_facts.sql}; Derby and PostgreSQL).
 * Recording is an INSERT whose primary-key violation (SQLState class 23) means "recorded before"; answering
 * and opening are conditional UPDATEs ({@code ... IS NULL}), so two nodes never both count the first answer.
 *
 * <p>SECURITY: addresses, times and SHA-256 digests only.</p>
 */
public final class JdbcReportFacts implements ReportFacts {
    private static final String PATIENT_COLUMNS = "message_key, patient, received_ms, channel, handling, answered_ms";
    private static final String SECURE_COLUMNS = "reference, patient, sent_ms, delivery, opened_ms";

    private final DataSource dataSource;

    public JdbcReportFacts(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource);
    }

    @Override
    public boolean recordPatientMessage(PatientMessage m) {
        return insert("INSERT INTO inbasket_report_patient_message (" + PATIENT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)",
            m.messageKey(), m.patient().asString(), m.receivedAt().toEpochMilli(), m.channel().token(),
            m.handling().token(), m.answeredAt().map(Instant::toEpochMilli).orElse(null));
    }

    @Override
    public boolean recordSecureMessage(SecureMessage m) {
        return insert("INSERT INTO inbasket_report_secure_message (" + SECURE_COLUMNS + ") VALUES (?, ?, ?, ?, ?)",
            m.reference(), m.patient().asString(), m.sentAt().toEpochMilli(), m.delivery().token(),
            m.openedAt().map(Instant::toEpochMilli).orElse(null));
    }

    private boolean insert(String sql, Object... values) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            try (PreparedStatement insert = c.prepareStatement(sql)) {
                for (int i = 0; i < values.length; i++) {
                    if (values[i] == null) {
                        insert.setNull(i + 1, java.sql.Types.BIGINT);
                    } else {
                        insert.setObject(i + 1, values[i]);
                    }
                }
                insert.executeUpdate();
                return true;
            } catch (SQLException e) {
                if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
                    return false;
                }
                throw e;
            }
        } catch (SQLException e) {
            throw failure("cannot record a fact", e);
        }
    }

    @Override
    public List<Answer> recordReply(Collection<String> messageKeys, Instant at) {
        List<Answer> answers = new ArrayList<>();
        long now = at.toEpochMilli();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            for (String key : messageKeys) {
                long received;
                String handling;
                try (PreparedStatement select = c.prepareStatement("SELECT received_ms, handling FROM "
                    + "inbasket_report_patient_message WHERE message_key = ? AND answered_ms IS NULL AND received_ms <= ?")) {
                    select.setString(1, key);
                    select.setLong(2, now);
                    try (ResultSet rs = select.executeQuery()) {
                        if (!rs.next()) {
                            continue;
                        }
                        received = rs.getLong(1);
                        handling = rs.getString(2);
                    }
                }
                try (PreparedStatement update = c.prepareStatement("UPDATE inbasket_report_patient_message "
                    + "SET answered_ms = ? WHERE message_key = ? AND answered_ms IS NULL")) {
                    update.setLong(1, now);
                    update.setString(2, key);
                    if (update.executeUpdate() == 1) {
                        answers.add(new Answer(Handling.of(handling), Duration.ofMillis(now - received)));
                    }
                }
            }
        } catch (SQLException e) {
            throw failure("cannot record a reply", e);
        }
        return answers;
    }

    @Override
    public Optional<Duration> recordOpened(String reference, Instant at) {
        long now = at.toEpochMilli();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            try (PreparedStatement update = c.prepareStatement("UPDATE inbasket_report_secure_message "
                + "SET opened_ms = ? WHERE reference = ? AND opened_ms IS NULL")) {
                update.setLong(1, now);
                update.setString(2, reference);
                if (update.executeUpdate() != 1) {
                    return Optional.empty();
                }
            }
            try (PreparedStatement select = c.prepareStatement(
                "SELECT sent_ms FROM inbasket_report_secure_message WHERE reference = ?")) {
                select.setString(1, reference);
                try (ResultSet rs = select.executeQuery()) {
                    return rs.next() ? Optional.of(Duration.ofMillis(now - rs.getLong(1))) : Optional.empty();
                }
            }
        } catch (SQLException e) {
            throw failure("cannot record an opening", e);
        }
    }

    @Override
    public List<PatientMessage> patientMessages(Instant from, Instant to) {
        List<PatientMessage> found = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement select = c.prepareStatement("SELECT " + PATIENT_COLUMNS + " FROM "
                 + "inbasket_report_patient_message WHERE received_ms >= ? AND received_ms < ? ORDER BY received_ms")) {
            select.setLong(1, from.toEpochMilli());
            select.setLong(2, to.toEpochMilli());
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    found.add(new PatientMessage(rs.getString(1), address(rs.getString(2)),
                        Instant.ofEpochMilli(rs.getLong(3)), Channel.of(rs.getString(4)), Handling.of(rs.getString(5)),
                        optionalInstant(rs, 6)));
                }
            }
        } catch (SQLException e) {
            throw failure("cannot read patient messages", e);
        }
        return found;
    }

    @Override
    public List<SecureMessage> secureMessages(Instant from, Instant to) {
        List<SecureMessage> found = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement select = c.prepareStatement("SELECT " + SECURE_COLUMNS + " FROM "
                 + "inbasket_report_secure_message WHERE sent_ms >= ? AND sent_ms < ? ORDER BY sent_ms")) {
            select.setLong(1, from.toEpochMilli());
            select.setLong(2, to.toEpochMilli());
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    found.add(new SecureMessage(rs.getString(1), address(rs.getString(2)),
                        Instant.ofEpochMilli(rs.getLong(3)), Delivery.of(rs.getString(4)), optionalInstant(rs, 5)));
                }
            }
        } catch (SQLException e) {
            throw failure("cannot read secure messages", e);
        }
        return found;
    }

    @Override
    public int purgeBefore(Instant cutoff) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            int removed = 0;
            try (PreparedStatement delete = c.prepareStatement(
                "DELETE FROM inbasket_report_patient_message WHERE received_ms < ?")) {
                delete.setLong(1, cutoff.toEpochMilli());
                removed += delete.executeUpdate();
            }
            try (PreparedStatement delete = c.prepareStatement(
                "DELETE FROM inbasket_report_secure_message WHERE sent_ms < ?")) {
                delete.setLong(1, cutoff.toEpochMilli());
                removed += delete.executeUpdate();
            }
            return removed;
        } catch (SQLException e) {
            throw failure("cannot purge", e);
        }
    }

    private static Optional<Instant> optionalInstant(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(value));
    }

    private static MailAddress address(String value) {
        try {
            return new MailAddress(value);
        } catch (AddressException e) {
            throw new ReportStoreException("report facts: a stored address does not parse", e);
        }
    }

    private static ReportStoreException failure(String what, SQLException e) {
        return new ReportStoreException("report facts: " + what + " (SQLState " + e.getSQLState() + ")", e);
    }
}
