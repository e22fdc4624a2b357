package org.inbasket.gateway.logging;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.inbasket.gateway.config.GatewaySettings;

/**
 * Hands the logging settings of {@code gateway.properties} ({@code log.format}, {@code log.level},
 * {@code log.level.<component>}) to logback as system properties, which the shipped {@code conf/logback.xml}
 * substitutes ({@code ${gateway.log.level.smtp}} and so on). Which loggers a component covers is written in
 * that file, where an operator sees it (ADR 0055). Must run before the first logger is created.
 *
 * <p>An empty component level becomes logback's {@code INHERITED}: the component follows {@code log.level}.</p>
 */
public final class LogSettings {
    /** The components that have a {@code log.level.<component>} key. */
    public static final List<String> COMPONENTS = List.of("smtp", "imap", "mailets", "portal", "admin");

    private LogSettings() {
    }

    /** The system properties for logback, by name. */
    public static Map<String, String> systemProperties(GatewaySettings settings) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("gateway.log.format", settings.get("log.format"));
        properties.put("gateway.log.level", settings.get("log.level"));
        for (String component : COMPONENTS) {
            String level = settings.get("log.level." + component);
            properties.put("gateway.log.level." + component, level.isEmpty() ? "INHERITED" : level);
        }
        return properties;
    }

    /** Sets {@link #systemProperties} (gateway.properties and its environment overrides decide). */
    public static void apply(GatewaySettings settings) {
        systemProperties(settings).forEach(System::setProperty);
    }
}
