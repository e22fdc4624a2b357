package org.inbasket.gateway.portal.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;

/**
 * Schema of the portal's tables ({@code V30..V39} under {@code db/inbasket/}) and the Flyway placeholder they
 * need.
 *
 * <p>The migrations use one placeholder, {@code ${blob_type}}: {@code BLOB} on Derby, {@code BYTEA} on
 * PostgreSQL. Whoever runs Flyway over {@code classpath:db/inbasket} passes {@link #placeholders(DataSource)}.</p>
 */
public final class PortalDatabase {
    /** Where the gateway's own migrations live. */
    public static final String LOCATION = "classpath:db/inbasket";

    private PortalDatabase() {
    }

    /** The placeholders for this database: {@code blob_type}. */
    public static Map<String, String> placeholders(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
            if (product.contains("postgres")) {
                return Map.of("blob_type", "BYTEA");
            }
            if (product.contains("derby")) {
                return Map.of("blob_type", "BLOB");
            }
            throw new IllegalStateException("Unsupported database for the portal: " + product);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot reach the database to choose the portal's column types", e);
        }
    }

    /**
     * Runs every migration under {@link #LOCATION}. For tests and single-purpose tools; the gateway runs one
     * Flyway for all of its tables with the same placeholders.
     */
    public static void migrate(DataSource dataSource) {
        Flyway.configure()
            .dataSource(dataSource)
            .locations(LOCATION)
            .placeholders(placeholders(dataSource))
            .load()
            .migrate();
    }
}
