package org.inbasket.gateway.portal.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import javax.mail.internet.AddressException;
import javax.sql.DataSource;

import org.apache.james.core.MailAddress;
import org.inbasket.mailets.pickup.Direction;
import org.inbasket.mailets.pickup.PickupAttachment;
import org.inbasket.mailets.pickup.PickupContent;
import org.inbasket.mailets.pickup.PickupDeposit;
import org.inbasket.mailets.pickup.PickupLink;
import org.inbasket.mailets.pickup.PickupMessage;
import org.inbasket.mailets.pickup.PickupReceipt;
import org.inbasket.mailets.pickup.PickupStore;
import org.inbasket.mailets.pickup.PickupStoreException;
import org.inbasket.mailets.pickup.PickupSummary;
import org.inbasket.mailets.pickup.PickupTokens;

/**
 * {@link PickupStore} in the gateway's database (tables from {@code V30__portal_pickup_store.sql}), with
 * content encrypted at rest.
 *
 * <p>Each message gets a fresh AES-256 key. Subject and attachment descriptions (the envelope), the bodies and
 * each attachment are sealed with it in AES-GCM, each with its own IV and with the message id and part as
 * associated data (a sealed column copied to another row does not open). The message key is sealed with the
 * {@link GatewayKey}, whose file lives outside the database. Addresses, ids and times stay in clear for
 * lookups.</p>
 *
 * <p>Failure: SQL and decryption errors become {@link PickupStoreException} naming the operation and the
 * message id, never content. A deposit is one transaction.</p>
 *
 * <p>SECURITY: the database alone reveals who corresponds with the clinic and when, not what. A row sealed
 * under another gateway key is reported as unreadable (its {@code key_id} differs).</p>
 */
public class JdbcPickupStore implements PickupStore {
    private static final String SUMMARY_COLUMNS = "id, conversation_id, direction, patient, counterpart, "
        + "rfc_message_id, created_at, expires_at, first_opened_at, read_receipt, key_id, wrapped_key, envelope";

    private final DataSource dataSource;
    private final GatewayKey gatewayKey;
    private final Clock clock;
    private final Duration expiry;

    /**
     * @param dataSource the gateway's database, migrated to at least V30
     * @param gatewayKey the key that wraps message keys
     * @param clock      the clock giving deposit times
     * @param expiry     how long messages and links stay available
     */
    public JdbcPickupStore(DataSource dataSource, GatewayKey gatewayKey, Clock clock, Duration expiry) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.gatewayKey = Objects.requireNonNull(gatewayKey, "gatewayKey");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (expiry.isNegative() || expiry.isZero()) {
            throw new IllegalArgumentException("expiry must be positive");
        }
        this.expiry = expiry;
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection connection) throws SQLException, PickupStoreException;
    }

    private <T> T withConnection(String operation, Work<T> work) throws PickupStoreException {
        try (Connection connection = dataSource.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw new PickupStoreException("Pickup store: " + operation + " failed (SQLState " + e.getSQLState() + ")", e);
        }
    }

    private <T> T inTransaction(String operation, Work<T> work) throws PickupStoreException {
        return withConnection(operation, connection -> {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | PickupStoreException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        });
    }

    @Override
    public PickupReceipt deposit(PickupDeposit deposit) throws PickupStoreException {
        Instant now = clock.instant();
        Instant expiresAt = now.plus(expiry);
        String id = UUID.randomUUID().toString();
        String patient = PickupStore.addressKey(deposit.patient());
        PickupContent content = deposit.content();
        SecretKey dataKey = GatewayKey.newDataKey();
        byte[] wrapped = gatewayKey.seal(dataKey.getEncoded(), "msg:" + id + ":key");
        byte[] envelope = GatewayKey.seal(dataKey,
            SealedCodec.envelope(content.subject(), content.attachmentInfos()), "msg:" + id + ":envelope");
        byte[] body = GatewayKey.seal(dataKey, SealedCodec.body(content.textBody(), content.htmlBody()),
            "msg:" + id + ":body");
        Optional<String> token = deposit.direction() == Direction.TO_PATIENT
            ? Optional.of(PickupTokens.newToken()) : Optional.empty();

        return inTransaction("deposit", connection -> {
            String conversation = findConversation(connection, patient, deposit.references())
                .orElseGet(() -> UUID.randomUUID().toString());
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO portal_message (id, "
                + "conversation_id, direction, patient, counterpart, rfc_message_id, created_at, expires_at, "
                + "read_receipt, key_id, wrapped_key, envelope, body) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
                insert.setString(1, id);
                insert.setString(2, conversation);
                insert.setString(3, deposit.direction().name());
                insert.setString(4, patient);
                insert.setString(5, deposit.counterpart().asString());
                insert.setString(6, truncate(deposit.rfcMessageId(), 512));
                insert.setLong(7, now.toEpochMilli());
                insert.setLong(8, expiresAt.toEpochMilli());
                insert.setShort(9, (short) (deposit.readReceiptRequested() ? 1 : 0));
                insert.setString(10, gatewayKey.id());
                insert.setBytes(11, wrapped);
                insert.setBytes(12, envelope);
                insert.setBytes(13, body);
                insert.executeUpdate();
            }
            List<PickupAttachment> attachments = content.attachments();
            if (!attachments.isEmpty()) {
                try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO portal_attachment (message_id, idx, content) VALUES (?,?,?)")) {
                    for (int i = 0; i < attachments.size(); i++) {
                        insert.setString(1, id);
                        insert.setInt(2, i);
                        insert.setBytes(3, GatewayKey.seal(dataKey, attachments.get(i).data(),
                            "msg:" + id + ":att:" + i));
                        insert.executeUpdate();
                    }
                }
            }
            if (token.isPresent()) {
                try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO portal_link (token_hash, message_id) VALUES (?,?)")) {
                    insert.setString(1, PickupTokens.hash(token.get()));
                    insert.setString(2, id);
                    insert.executeUpdate();
                }
            }
            if (deposit.patientCheck().isPresent()) {
                storeCheck(connection, patient, deposit.patientCheck().get(), now);
            }
            return new PickupReceipt(id, conversation, token, expiresAt);
        });
    }

    private static String truncate(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max);
    }

    private Optional<String> findConversation(Connection connection, String patient, List<String> references)
        throws SQLException {
        if (references.isEmpty()) {
            return Optional.empty();
        }
        List<String> ids = references.stream().map(r -> truncate(r, 512)).distinct().limit(100).toList();
        String marks = String.join(",", Collections.nCopies(ids.size(), "?"));
        try (PreparedStatement select = connection.prepareStatement("SELECT conversation_id FROM portal_message "
            + "WHERE patient = ? AND rfc_message_id IN (" + marks + ") ORDER BY created_at DESC")) {
            select.setString(1, patient);
            for (int i = 0; i < ids.size(); i++) {
                select.setString(i + 2, ids.get(i));
            }
            select.setMaxRows(1);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
            }
        }
    }

    private void storeCheck(Connection connection, String patient, String check, Instant now) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(
            "DELETE FROM portal_patient_check WHERE patient = ?")) {
            delete.setString(1, patient);
            delete.executeUpdate();
        }
        try (PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO portal_patient_check (patient, key_id, sealed, updated_at) VALUES (?,?,?,?)")) {
            insert.setString(1, patient);
            insert.setString(2, gatewayKey.id());
            insert.setBytes(3, gatewayKey.seal(check.getBytes(StandardCharsets.UTF_8), "check:" + patient));
            insert.setLong(4, now.toEpochMilli());
            insert.executeUpdate();
        }
    }

    @Override
    public Optional<PickupLink> resolveToken(String token, Instant now) throws PickupStoreException {
        if (!PickupTokens.looksLikeToken(token)) {
            return Optional.empty();
        }
        return withConnection("resolve link", connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT m.id, m.conversation_id, m.patient "
                + "FROM portal_link l JOIN portal_message m ON m.id = l.message_id "
                + "WHERE l.token_hash = ? AND m.revoked_at IS NULL AND m.expires_at > ?")) {
                select.setString(1, PickupTokens.hash(token));
                select.setLong(2, now.toEpochMilli());
                try (ResultSet rows = select.executeQuery()) {
                    if (!rows.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new PickupLink(rows.getString(1), rows.getString(2),
                        address(rows.getString(3))));
                }
            }
        });
    }

    @Override
    public List<PickupSummary> listForPatient(MailAddress patient, Instant now) throws PickupStoreException {
        return withConnection("list", connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + SUMMARY_COLUMNS
                + " FROM portal_message WHERE patient = ? AND revoked_at IS NULL AND expires_at > ? "
                + "ORDER BY created_at, id")) {
                select.setString(1, PickupStore.addressKey(patient));
                select.setLong(2, now.toEpochMilli());
                return summaries(select);
            }
        });
    }

    private List<PickupSummary> summaries(PreparedStatement select) throws SQLException, PickupStoreException {
        List<PickupSummary> result = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                result.add(summary(rows, dataKey(rows)));
            }
        }
        return result;
    }

    private SecretKey dataKey(ResultSet rows) throws SQLException, PickupStoreException {
        String id = rows.getString("id");
        String keyId = rows.getString("key_id");
        if (!gatewayKey.id().equals(keyId)) {
            throw new PickupStoreException("Pickup store: message " + id + " is sealed under gateway key " + keyId
                + ", not the loaded key " + gatewayKey.id());
        }
        try {
            return new SecretKeySpec(gatewayKey.open(rows.getBytes("wrapped_key"), "msg:" + id + ":key"), "AES");
        } catch (GeneralSecurityException e) {
            throw new PickupStoreException("Pickup store: key of message " + id + " does not open", e);
        }
    }

    private PickupSummary summary(ResultSet rows, SecretKey key) throws SQLException, PickupStoreException {
        String id = rows.getString("id");
        SealedCodec.Envelope envelope;
        try {
            envelope = SealedCodec.readEnvelope(GatewayKey.open(key, rows.getBytes("envelope"), "msg:" + id
                + ":envelope"));
        } catch (GeneralSecurityException | IOException e) {
            throw new PickupStoreException("Pickup store: envelope of message " + id + " does not open", e);
        }
        long opened = rows.getLong("first_opened_at");
        Optional<Instant> firstOpened = rows.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(opened));
        return new PickupSummary(id, rows.getString("conversation_id"),
            Direction.valueOf(rows.getString("direction")), address(rows.getString("patient")),
            address(rows.getString("counterpart")), rows.getString("rfc_message_id"),
            Instant.ofEpochMilli(rows.getLong("created_at")), Instant.ofEpochMilli(rows.getLong("expires_at")),
            firstOpened, rows.getShort("read_receipt") == 1, envelope.subject(), envelope.attachments());
    }

    private static MailAddress address(String value) throws PickupStoreException {
        try {
            return new MailAddress(value);
        } catch (AddressException e) {
            throw new PickupStoreException("Pickup store: invalid stored address", e);
        }
    }

    @FunctionalInterface
    private interface RowWork<T> {
        T run(Connection connection, ResultSet row, SecretKey key, PickupSummary summary)
            throws SQLException, PickupStoreException, GeneralSecurityException, IOException;
    }

    /** Runs work on the row of a message visible to this patient now, with its opened key and summary. */
    private <T> Optional<T> visible(String operation, String extraColumns, String messageId, MailAddress patient,
                                    Instant now, RowWork<T> work) throws PickupStoreException {
        return withConnection(operation + " " + messageId, connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + SUMMARY_COLUMNS + extraColumns
                + " FROM portal_message WHERE id = ? AND patient = ? AND revoked_at IS NULL AND expires_at > ?")) {
                select.setString(1, messageId);
                select.setString(2, PickupStore.addressKey(patient));
                select.setLong(3, now.toEpochMilli());
                try (ResultSet rows = select.executeQuery()) {
                    if (!rows.next()) {
                        return Optional.empty();
                    }
                    SecretKey key = dataKey(rows);
                    return Optional.ofNullable(work.run(connection, rows, key, summary(rows, key)));
                } catch (GeneralSecurityException | IOException e) {
                    throw new PickupStoreException("Pickup store: " + operation + " of message " + messageId
                        + " does not open", e);
                }
            }
        });
    }

    @Override
    public Optional<PickupMessage> read(String messageId, MailAddress patient, Instant now)
        throws PickupStoreException {
        return visible("read", ", body", messageId, patient, now, (connection, row, key, summary) -> {
            SealedCodec.Body body = SealedCodec.readBody(GatewayKey.open(key, row.getBytes("body"),
                "msg:" + messageId + ":body"));
            return new PickupMessage(summary, body.text(), body.html());
        });
    }

    @Override
    public Optional<PickupAttachment> attachment(String messageId, int index, MailAddress patient, Instant now)
        throws PickupStoreException {
        return visible("attachment", "", messageId, patient, now, (connection, row, key, summary) -> {
            if (index < 0 || index >= summary.attachments().size()) {
                return null;
            }
            try (PreparedStatement select = connection.prepareStatement(
                "SELECT content FROM portal_attachment WHERE message_id = ? AND idx = ?")) {
                select.setString(1, messageId);
                select.setInt(2, index);
                try (ResultSet rows = select.executeQuery()) {
                    if (!rows.next()) {
                        throw new PickupStoreException("Pickup store: attachment " + index + " of message "
                            + messageId + " is missing");
                    }
                    byte[] data = GatewayKey.open(key, rows.getBytes(1), "msg:" + messageId + ":att:" + index);
                    var info = summary.attachments().get(index);
                    return new PickupAttachment(info.fileName(), info.contentType(), data);
                }
            }
        });
    }

    @Override
    public boolean markOpened(String messageId, Instant when) throws PickupStoreException {
        return update("mark opened", "UPDATE portal_message SET first_opened_at = ? "
            + "WHERE id = ? AND first_opened_at IS NULL", when, messageId) == 1;
    }

    @Override
    public boolean revoke(String messageId, Instant when) throws PickupStoreException {
        return update("revoke", "UPDATE portal_message SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
            when, messageId) == 1;
    }

    @Override
    public int revokeByRfcMessageId(String rfcMessageId, Instant when) throws PickupStoreException {
        return update("revoke by Message-ID", "UPDATE portal_message SET revoked_at = ? WHERE rfc_message_id = ? "
            + "AND direction = 'TO_PATIENT' AND revoked_at IS NULL", when, truncate(rfcMessageId, 512));
    }

    @Override
    public void markReminded(String messageId, Instant when) throws PickupStoreException {
        update("mark reminded", "UPDATE portal_message SET reminded_at = ? WHERE id = ?", when, messageId);
    }

    private int update(String operation, String sql, Instant when, String key) throws PickupStoreException {
        return withConnection(operation, connection -> {
            try (PreparedStatement update = connection.prepareStatement(sql)) {
                update.setLong(1, when.toEpochMilli());
                update.setString(2, key);
                return update.executeUpdate();
            }
        });
    }

    @Override
    public void delete(String messageId) throws PickupStoreException {
        inTransaction("delete " + messageId, connection -> {
            deleteRows(connection, messageId);
            return null;
        });
    }

    private static void deleteRows(Connection connection, String messageId) throws SQLException {
        for (String sql : List.of("DELETE FROM portal_link WHERE message_id = ?",
            "DELETE FROM portal_attachment WHERE message_id = ?", "DELETE FROM portal_message WHERE id = ?")) {
            try (PreparedStatement delete = connection.prepareStatement(sql)) {
                delete.setString(1, messageId);
                delete.executeUpdate();
            }
        }
    }

    @Override
    public List<PickupSummary> unopenedAndNotReminded(Instant createdBefore, Instant now)
        throws PickupStoreException {
        return withConnection("unopened", connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + SUMMARY_COLUMNS
                + " FROM portal_message WHERE direction = 'TO_PATIENT' AND first_opened_at IS NULL "
                + "AND reminded_at IS NULL AND revoked_at IS NULL AND expires_at > ? AND created_at <= ? "
                + "ORDER BY created_at, id")) {
                select.setLong(1, now.toEpochMilli());
                select.setLong(2, createdBefore.toEpochMilli());
                return summaries(select);
            }
        });
    }

    @Override
    public int purgeExpired(Instant now) throws PickupStoreException {
        return inTransaction("purge", connection -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                "SELECT id FROM portal_message WHERE expires_at <= ?")) {
                select.setLong(1, now.toEpochMilli());
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        ids.add(rows.getString(1));
                    }
                }
            }
            for (String id : ids) {
                deleteRows(connection, id);
            }
            return ids.size();
        });
    }

    @Override
    public Optional<String> patientCheck(MailAddress patient) throws PickupStoreException {
        String key = PickupStore.addressKey(patient);
        return withConnection("patient check", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                "SELECT key_id, sealed FROM portal_patient_check WHERE patient = ?")) {
                select.setString(1, key);
                try (ResultSet rows = select.executeQuery()) {
                    if (!rows.next()) {
                        return Optional.empty();
                    }
                    if (!gatewayKey.id().equals(rows.getString(1))) {
                        throw new PickupStoreException("Pickup store: patient check sealed under another key");
                    }
                    byte[] value = gatewayKey.open(rows.getBytes(2), "check:" + key);
                    return Optional.of(new String(value, StandardCharsets.UTF_8));
                } catch (GeneralSecurityException e) {
                    throw new PickupStoreException("Pickup store: patient check does not open", e);
                }
            }
        });
    }

}
