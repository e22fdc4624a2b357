package org.inbasket.gateway.config;

import java.nio.file.Path;

/**
 * The database the gateway uses, derived from {@code db.*} settings: an empty {@code db.url} means embedded
 * Apache Derby at {@code <data>/db/derby}; {@code jdbc:postgresql:} URLs select PostgreSQL.
 */
public record DatabaseSettings(String url, String user, String password, int maxConnections) {

    public static DatabaseSettings from(GatewaySettings settings) {
        String url = settings.get("db.url");
        if (url.isEmpty()) {
            Path derby = settings.dataDir().resolve("db").resolve("derby");
            url = "jdbc:derby:" + derby + ";create=true";
        }
        return new DatabaseSettings(url, settings.get("db.user"), settings.get("db.password"),
            Integer.parseInt(settings.get("db.max.connections")));
    }

    public boolean isEmbeddedDerby() {
        return url.startsWith("jdbc:derby:");
    }

    public String driverClass() {
        return isEmbeddedDerby() ? "org.apache.derby.jdbc.EmbeddedDriver" : "org.postgresql.Driver";
    }

    /** The URL without credentials or parameters, for logs. */
    public String describe() {
        int semicolon = url.indexOf(';');
        int question = url.indexOf('?');
        int cut = semicolon >= 0 ? semicolon : question >= 0 ? question : url.length();
        return url.substring(0, cut);
    }

    @Override
    public String toString() {
        return "DatabaseSettings[" + describe() + ", user=" + user + "]";
    }
}
