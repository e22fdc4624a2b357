package org.inbasket.mailets.smime;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

import javax.mail.MessagingException;

import org.apache.mailet.MailetConfig;
import org.apache.mailet.MatcherConfig;

/** Strict reading of mailet parameters: a typo is an error naming the mailet and the parameter. */
final class MailetParameters {
    private final MailetConfig config;

    MailetParameters(MailetConfig config) {
        this.config = config;
    }

    /** @return the trimmed value, or the default when the parameter is absent */
    String string(String name, String defaultValue) throws MessagingException {
        String value = config.getInitParameter(name);
        if (value == null) {
            return defaultValue;
        }
        String trimmed = value.trim();
        if (trimmed.isEmpty()) {
            throw error(name, value, "must not be empty");
        }
        return trimmed;
    }

    /** @return true or false; anything else ("ture", "yes", "1") is an error */
    boolean bool(String name, boolean defaultValue) throws MessagingException {
        String value = string(name, Boolean.toString(defaultValue)).toLowerCase(Locale.ROOT);
        switch (value) {
            case "true":
                return true;
            case "false":
                return false;
            default:
                throw error(name, value, "must be true or false");
        }
    }

    /** @return the parsed value; the parser's IllegalArgumentException message says what is accepted */
    <T> T parsed(String name, String defaultValue, Function<String, T> parser) throws MessagingException {
        String value = string(name, defaultValue);
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException e) {
            throw error(name, value, e.getMessage());
        }
    }

    /** A processor name: one word. */
    String processor(String name, String defaultValue) throws MessagingException {
        String value = string(name, defaultValue);
        if (!value.matches("[A-Za-z0-9_.-]+")) {
            throw error(name, value, "must be a processor name");
        }
        return value;
    }

    /** A value from a fixed list, compared case-insensitively. */
    String oneOf(String name, String defaultValue, String... accepted) throws MessagingException {
        String value = string(name, defaultValue).toLowerCase(Locale.ROOT);
        for (String candidate : accepted) {
            if (candidate.equals(value)) {
                return candidate;
            }
        }
        throw error(name, value, "must be one of " + String.join(", ", accepted));
    }

    private MessagingException error(String name, String value, String problem) {
        return new MessagingException("mailet " + config.getMailetName() + ": parameter " + name + "='" + value + "' " + problem);
    }

    /** Matchers of this package take no condition; one given by mistake is an error. */
    static void requireNoCondition(MatcherConfig config) throws MessagingException {
        String condition = Optional.ofNullable(config.getCondition()).orElse("").trim();
        if (!condition.isEmpty()) {
            throw new MessagingException("matcher " + config.getMatcherName() + " takes no condition, got '" + condition + "'");
        }
    }
}
