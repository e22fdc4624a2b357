package org.inbasket.mailets.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import javax.sql.DataSource;

/**
 * {@link AuditTrail} in the gateway's database: table {@code inbasket_audit_trail} (one row per entry) and the
 * one-row table {@code inbasket_audit_state} (head and anchor of the chain), created by the Flyway migration
 * {@code db/inbasket/V40__audit_trail.sql}; works on Derby and PostgreSQL.
 *
 * <p>Appends and purges are serialised twice: by this object's lock, so the gateway's spooler threads queue
 * in memory rather than holding pooled connections while they wait; and inside the database, by a
 * transaction that first updates the state row (a row lock both Derby and PostgreSQL hold until commit),
 * then reads the head, inserts the entry and moves the head. The database lock alone keeps the chain
 * correct even if two processes share the database; the sequence number is the primary key, so a fork
 * would fail rather than be stored.</p>
 *
 * <p>Reads ({@link #find}, {@link #forEach}, {@link #verify}) take no lock; they stream rows in sequence
 * order. Verification reads entries up to the head it saw when it began, so concurrent appends do not
 * disturb it; it waits for a running purge (same object lock).</p>
 */
public final class JdbcAuditTrail implements AuditTrail {
    private static final String COLUMNS =
        "seq, time_ms, event_type, actor, addresses, client_ip, mail_ref, message_id, detail, entry_hash";
    private static final int FETCH = 500;

    private final DataSource dataSource;
    private final Clock clock;

    public JdbcAuditTrail(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    private record State(long headSeq, String headHash, long anchorSeq, String anchorHash) {
    }

    @Override
    public synchronized AuditEntry append(AuditRecord record) {
        return inLockedTransaction(c -> insert(c, readState(c), record));
    }

    @Override
    public List<AuditEntry> find(AuditQuery query, int limit) {
        List<AuditEntry> found = new ArrayList<>();
        if (limit <= 0) {
            return found;
        }
        scan(query, entry -> {
            found.add(entry);
            return found.size() < limit;
        });
        return found;
    }

    @Override
    public void forEach(AuditQuery query, Consumer<AuditEntry> consumer) {
        scan(query, entry -> {
            consumer.accept(entry);
            return true;
        });
    }

    @Override
    public synchronized AuditVerification verify() {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                State state = readState(c);
                AuditChain.Walk walk = new AuditChain.Walk(state.anchorSeq(), state.anchorHash());
                walkRange(c, state.anchorSeq(), state.headSeq(), walk);
                c.commit();
                return walk.finish(state.headSeq(), state.headHash());
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    @Override
    public synchronized int purgeBefore(Instant cutoff) {
        return inLockedTransaction(c -> {
            State state = readState(c);
            long through;
            try (PreparedStatement s = c.prepareStatement(
                "SELECT MAX(seq) FROM inbasket_audit_trail WHERE time_ms < ? AND seq > ?")) {
                s.setLong(1, cutoff.toEpochMilli());
                s.setLong(2, state.anchorSeq());
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    through = rs.getLong(1);
                    if (rs.wasNull()) {
                        return 0;
                    }
                }
            }
            String throughHash = hashOf(c, through);
            AuditChain.Walk walk = new AuditChain.Walk(state.anchorSeq(), state.anchorHash());
            walkRange(c, state.anchorSeq(), through, walk);
            AuditVerification part = walk.finish(through, throughHash);
            if (!part.ok()) {
                throw new IllegalStateException("audit trail broken at entry " + part.firstBroken().orElse(-1)
                    + " (" + part.problem() + "); not purging");
            }
            int removed;
            try (PreparedStatement d = c.prepareStatement(
                "DELETE FROM inbasket_audit_trail WHERE seq <= ? AND seq > ?")) {
                d.setLong(1, through);
                d.setLong(2, state.anchorSeq());
                removed = d.executeUpdate();
            }
            try (PreparedStatement u = c.prepareStatement(
                "UPDATE inbasket_audit_state SET anchor_seq = ?, anchor_hash = ? WHERE id = 1")) {
                u.setLong(1, through);
                u.setString(2, throughHash);
                u.executeUpdate();
            }
            insert(c, state, InMemoryAuditTrail.purgeRecord(clock.instant(), cutoff, removed, through));
            return removed;
        });
    }

    // ---- transactions ----

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Runs {@code work} in a transaction that first locks the state row, so appends and purges are serial. */
    private <T> T inLockedTransaction(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement lock = c.prepareStatement(
                    "UPDATE inbasket_audit_state SET head_seq = head_seq WHERE id = 1")) {
                    if (lock.executeUpdate() != 1) {
                        throw new SQLException("the audit state row is missing");
                    }
                }
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    private static State readState(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
            "SELECT head_seq, head_hash, anchor_seq, anchor_hash FROM inbasket_audit_state WHERE id = 1");
             ResultSet rs = s.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("the audit state row is missing");
            }
            return new State(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4));
        }
    }

    private static AuditEntry insert(Connection c, State state, AuditRecord r) throws SQLException {
        long seq = state.headSeq() + 1;
        String hash = AuditChain.hash(state.headHash(), seq, r);
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO inbasket_audit_trail (" + COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setLong(1, seq);
            insert.setLong(2, r.time().toEpochMilli());
            insert.setString(3, r.event());
            insert.setString(4, r.actor());
            insert.setString(5, r.joinedAddresses());
            insert.setString(6, r.clientIp());
            insert.setString(7, r.reference());
            insert.setString(8, r.messageId());
            insert.setString(9, r.detail());
            insert.setString(10, hash);
            insert.executeUpdate();
        }
        try (PreparedStatement head = c.prepareStatement(
            "UPDATE inbasket_audit_state SET head_seq = ?, head_hash = ? WHERE id = 1")) {
            head.setLong(1, seq);
            head.setString(2, hash);
            head.executeUpdate();
        }
        return new AuditEntry(seq, r, hash);
    }

    private static String hashOf(Connection c, long seq) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT entry_hash FROM inbasket_audit_trail WHERE seq = ?")) {
            s.setLong(1, seq);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : "";
            }
        }
    }

    private static void walkRange(Connection c, long afterSeq, long throughSeq, AuditChain.Walk walk) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS
            + " FROM inbasket_audit_trail WHERE seq > ? AND seq <= ? ORDER BY seq")) {
            s.setFetchSize(FETCH);
            s.setLong(1, afterSeq);
            s.setLong(2, throughSeq);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    if (!walk.accept(read(rs))) {
                        return;
                    }
                }
            }
        }
    }

    // ---- reading ----

    @FunctionalInterface
    private interface Sink {
        /** @return false to stop reading */
        boolean take(AuditEntry entry);
    }

    private void scan(AuditQuery query, Sink sink) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM inbasket_audit_trail WHERE 1 = 1");
        List<Object> parameters = new ArrayList<>();
        query.from().ifPresent(from -> {
            sql.append(" AND time_ms >= ?");
            parameters.add(from.toEpochMilli());
        });
        query.to().ifPresent(to -> {
            sql.append(" AND time_ms < ?");
            parameters.add(to.toEpochMilli());
        });
        query.event().ifPresent(event -> {
            sql.append(" AND event_type = ?");
            parameters.add(event);
        });
        query.address().ifPresent(address -> {
            sql.append(" AND (LOWER(actor) = ? OR (' ' || LOWER(addresses) || ' ') LIKE ? ESCAPE '!')");
            parameters.add(address);
            parameters.add("% " + likeEscape(address) + " %");
        });
        sql.append(" ORDER BY seq");
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement(sql.toString())) {
                s.setFetchSize(FETCH);
                for (int i = 0; i < parameters.size(); i++) {
                    s.setObject(i + 1, parameters.get(i));
                }
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        if (!sink.take(read(rs))) {
                            break;
                        }
                    }
                }
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    private static String likeEscape(String value) {
        return value.toLowerCase(Locale.ROOT).replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    private static AuditEntry read(ResultSet rs) throws SQLException {
        AuditRecord record = new AuditRecord(Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3), rs.getString(4),
            AuditRecord.splitAddresses(rs.getString(5)), rs.getString(6), rs.getString(7), rs.getString(8),
            rs.getString(9));
        return new AuditEntry(rs.getLong(1), record, rs.getString(10));
    }

    private static IllegalStateException unavailable(SQLException e) {
        return new IllegalStateException("audit trail unavailable: " + e.getMessage(), e);
    }
}
