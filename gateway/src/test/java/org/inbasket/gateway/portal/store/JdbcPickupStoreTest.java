package org.inbasket.gateway.portal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.List;

import javax.sql.DataSource;

import org.inbasket.gateway.portal.MutableClock;
import org.inbasket.gateway.portal.TestDatabases;
import org.inbasket.mailets.pickup.PickupReceipt;
import org.inbasket.mailets.pickup.PickupStore;
import org.inbasket.mailets.pickup.PickupStoreException;
import org.junit.jupiter.api.Test;

class JdbcPickupStoreTest extends PickupStoreContract {
    private DataSource dataSource;
    private final GatewayKey key = GatewayKey.random();

    @Override
    protected PickupStore createStore(MutableClock clock) {
        dataSource = TestDatabases.migratedDerby();
        return new JdbcPickupStore(dataSource, key, clock, EXPIRY);
    }

    /** Every byte of every portal table, concatenated. */
    private byte[] dumpTables() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (String table : List.of("portal_message", "portal_attachment", "portal_link", "portal_patient_check")) {
                try (ResultSet rows = statement.executeQuery("SELECT * FROM " + table)) {
                    ResultSetMetaData meta = rows.getMetaData();
                    while (rows.next()) {
                        for (int i = 1; i <= meta.getColumnCount(); i++) {
                            int type = meta.getColumnType(i);
                            boolean binary = type == java.sql.Types.BLOB || type == java.sql.Types.BINARY
                                || type == java.sql.Types.VARBINARY || type == java.sql.Types.LONGVARBINARY;
                            byte[] bytes = binary ? rows.getBytes(i)
                                : String.valueOf(rows.getObject(i)).getBytes(StandardCharsets.UTF_8);
                            if (bytes != null) {
                                out.write(bytes);
                            }
                        }
                    }
                }
            }
        }
        return out.toByteArray();
    }

    @Test
    void depositShouldKeepSubjectBodiesAttachmentNamesAndBytesEncryptedAtRest() throws Exception {
        PickupReceipt receipt = deposit();
        store.deposit(withCheck());

        String raw = new String(dumpTables(), StandardCharsets.ISO_8859_1);

        assertThat(raw).contains(receipt.messageId()); // the dump does read the rows
        assertThat(raw).doesNotContain("Lab results").doesNotContain("potassium").doesNotContain("labs.pdf")
            .doesNotContain("%PDF").doesNotContain("19800227").doesNotContain(receipt.token().get());
    }

    private org.inbasket.mailets.pickup.PickupDeposit withCheck() {
        var base = toPatient(patient, "<m9@clinic.example>", List.of());
        return new org.inbasket.mailets.pickup.PickupDeposit(base.direction(), base.patient(), base.counterpart(),
            base.rfcMessageId(), base.references(), false, java.util.Optional.of("19800227"), base.content());
    }

    @Test
    void readShouldFailClearlyWhenTheGatewayKeyIsAnotherOne() throws Exception {
        PickupReceipt receipt = deposit();
        JdbcPickupStore withOtherKey = new JdbcPickupStore(dataSource, GatewayKey.random(), clock, EXPIRY);

        assertThatThrownBy(() -> withOtherKey.read(receipt.messageId(), patient, START))
            .isInstanceOf(PickupStoreException.class).hasMessageContaining("gateway key");
    }

    @Test
    void readShouldFailWhenASealedColumnWasMovedToAnotherRow() throws Exception {
        PickupReceipt first = deposit();
        PickupReceipt second = store.deposit(toPatient(patient, "<m2@clinic.example>", List.of()));
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE portal_message SET body = (SELECT body FROM portal_message WHERE id = '"
                + first.messageId() + "'), wrapped_key = (SELECT wrapped_key FROM portal_message WHERE id = '"
                + first.messageId() + "') WHERE id = '" + second.messageId() + "'");
        }

        assertThatThrownBy(() -> store.read(second.messageId(), patient, START))
            .isInstanceOf(PickupStoreException.class);
    }
}
