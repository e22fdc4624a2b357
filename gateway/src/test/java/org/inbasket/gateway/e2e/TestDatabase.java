package org.inbasket.gateway.e2e;

import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The database an end-to-end run uses, chosen by the system property {@code gateway.it.database}:
 * {@code derby} (embedded, under the gateway's data directory) or {@code postgres}, where each gateway gets a
 * fresh database on the server named by {@code GATEWAY_TEST_PG_URL} (e.g. {@code jdbc:postgresql://127.0.0.1:5432/})
 * with {@code GATEWAY_TEST_PG_USER} / {@code GATEWAY_TEST_PG_PASSWORD}, a user allowed to create databases.
 */
public interface TestDatabase extends AutoCloseable {
    Map<String, String> environment();

    String name();

    /** Process ids of the database server's processes serving this database now (PostgreSQL backends); none for Derby. */
    default List<Long> serverPids() {
        return List.of();
    }

    /** Drops the database and creates it again, empty (a lost database server); nothing for Derby, which lives in the data directory. */
    default void recreate() {
    }

    @Override
    void close();

    static TestDatabase create() {
        return create(System.getProperty("gateway.it.database", "derby"));
    }

    /** A fresh database of this kind: {@code derby} or {@code postgres}. */
    static TestDatabase create(String kind) {
        return switch (kind) {
            case "derby" -> new Derby();
            case "postgres" -> new Postgres();
            default -> throw new IllegalArgumentException("the test database must be derby or postgres, not " + kind);
        };
    }

    final class Derby implements TestDatabase {
        @Override
        public Map<String, String> environment() {
            return Map.of();
        }

        @Override
        public String name() {
            return "derby";
        }

        @Override
        public void close() {
        }
    }

    final class Postgres implements TestDatabase {
        private final String serverUrl;
        private final String user;
        private final String password;
        private final String database;

        Postgres() {
            serverUrl = required("GATEWAY_TEST_PG_URL");
            user = required("GATEWAY_TEST_PG_USER");
            password = required("GATEWAY_TEST_PG_PASSWORD");
            database = "gwtest_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
            execute("CREATE DATABASE " + database);
        }

        private static String required(String name) {
            String value = System.getenv(name);
            if (value == null || value.isEmpty()) {
                throw new IllegalStateException(name + " must be set to run the end-to-end suite on PostgreSQL "
                    + "(.ci/run sets it up)");
            }
            return value;
        }

        private void execute(String sql) {
            try (Connection c = DriverManager.getConnection(serverUrl + "gateway_test", user, password);
                 Statement s = c.createStatement()) {
                s.execute(sql);
            } catch (SQLException e) {
                throw new IllegalStateException("PostgreSQL: " + sql + ": " + e.getMessage(), e);
            }
        }

        @Override
        public Map<String, String> environment() {
            return Map.of("GATEWAY_DB_URL", serverUrl + database, "GATEWAY_DB_USER", user,
                "GATEWAY_DB_PASSWORD", password);
        }

        @Override
        public String name() {
            return "postgres:" + database;
        }

        @Override
        public void recreate() {
            execute("DROP DATABASE " + database);
            execute("CREATE DATABASE " + database);
        }

        @Override
        public List<Long> serverPids() {
            List<Long> pids = new ArrayList<>();
            try (Connection c = DriverManager.getConnection(serverUrl + "gateway_test", user, password);
                 PreparedStatement s = c.prepareStatement("SELECT pid FROM pg_stat_activity WHERE datname = ?")) {
                s.setString(1, database);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        pids.add(r.getLong(1));
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException("PostgreSQL: listing the backends of " + database + ": " + e.getMessage(), e);
            }
            return pids;
        }

        /**
         * Drops the database, ending the sessions still on it. An autovacuum worker's session has no role, and
         * PostgreSQL 15 refuses to end it unless the test user is in {@code pg_signal_backend} ({@code .ci/run}
         * grants that); without it, the drop is tried again until the worker is done.
         */
        @Override
        public void close() {
            String drop = "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)";
            await("dropping " + database).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .ignoreExceptionsInstanceOf(IllegalStateException.class)
                .until(() -> {
                    execute(drop);
                    return true;
                });
        }
    }
}
