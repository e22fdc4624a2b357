package org.inbasket.mailets.triage.coverage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import javax.mail.internet.AddressException;
import javax.sql.DataSource;

import org.apache.james.core.MailAddress;
import org.inbasket.mailets.triage.TriageStoreException;

/**
 * {@link MutableCoverageSchedule} in the gateway's database, table {@code inbasket_coverage} (Flyway
 * {@code V22__triage_coverage_schedule.sql}; Derby and PostgreSQL). {@link #add} checks and inserts in one
 * transaction holding an exclusive table lock ({@code LOCK TABLE ... IN EXCLUSIVE MODE}, which both databases
 * accept), so two administrators cannot add overlapping windows at once. Changes apply to the next mail.
 */
public final class JdbcCoverageSchedule implements MutableCoverageSchedule {
    private static final String COLUMNS = "id, absent, absent_name, starts_ms, ends_ms, coverer, coverer_kind, coverer_name";

    private final DataSource dataSource;

    public JdbcCoverageSchedule(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource);
    }

    @Override
    public List<CoverageWindow> windows() {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            return read(c);
        } catch (SQLException e) {
            throw new TriageStoreException("coverage schedule: cannot read (SQLState " + e.getSQLState() + ")", e);
        }
    }

    @Override
    public void add(CoverageWindow window) throws CoverageException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (Statement lock = c.createStatement()) {
                    lock.execute("LOCK TABLE inbasket_coverage IN EXCLUSIVE MODE");
                }
                CoverageRules.check(read(c), window);
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO inbasket_coverage (" + COLUMNS
                    + ", absent_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    ps.setString(1, window.id());
                    ps.setString(2, window.absent().asString());
                    setOptional(ps, 3, window.absentName());
                    ps.setLong(4, window.from().toEpochMilli());
                    ps.setLong(5, window.to().toEpochMilli());
                    ps.setString(6, window.coverer().asString());
                    ps.setString(7, window.kind().name());
                    setOptional(ps, 8, window.covererName());
                    ps.setString(9, CoverageWindow.key(window.absent()));
                    ps.executeUpdate();
                }
                c.commit();
            } catch (SQLException | CoverageException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new TriageStoreException("coverage schedule: cannot add a window (SQLState " + e.getSQLState() + ")", e);
        }
    }

    @Override
    public boolean remove(String id) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM inbasket_coverage WHERE id = ?")) {
            c.setAutoCommit(true);
            ps.setString(1, id);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new TriageStoreException("coverage schedule: cannot remove a window (SQLState " + e.getSQLState() + ")", e);
        }
    }

    private static void setOptional(PreparedStatement ps, int index, Optional<String> value) throws SQLException {
        if (value.isPresent()) {
            ps.setString(index, value.get());
        } else {
            ps.setNull(index, Types.VARCHAR);
        }
    }

    private static List<CoverageWindow> read(Connection c) throws SQLException {
        List<CoverageWindow> result = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM inbasket_coverage ORDER BY starts_ms, id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                try {
                    result.add(new CoverageWindow(rs.getString(1), new MailAddress(rs.getString(2)),
                        Optional.ofNullable(rs.getString(3)), Instant.ofEpochMilli(rs.getLong(4)),
                        Instant.ofEpochMilli(rs.getLong(5)), new MailAddress(rs.getString(6)),
                        CoverageWindow.CovererKind.valueOf(rs.getString(7)), Optional.ofNullable(rs.getString(8))));
                } catch (AddressException | IllegalArgumentException e) {
                    throw new SQLException("stored coverage window is invalid", "22000", e);
                }
            }
        }
        return result;
    }
}
