package org.inbasket.mailets.triage;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;

/**
 * Mail attributes the triage steps share. Values are JSON-serialisable {@link AttributeValue}s (strings in a
 * collection), so they survive the ActiveMQ spool between processors. Attributes are set by the gateway
 * only: a sender cannot set them, unlike headers.
 */
public final class TriageAttributes {
    /**
     * The urgent categories {@link IsUrgent} found: a collection of strings, empty when the message was
     * scanned and is not urgent. Absent when not scanned.
     */
    public static final AttributeName URGENT = AttributeName.of("org.inbasket.triage.urgent");

    private TriageAttributes() {
    }

    /** The categories recorded by {@link IsUrgent}, if the message was scanned. */
    public static Optional<List<String>> urgentCategories(Mail mail) {
        return mail.getAttribute(URGENT)
            .map(Attribute::getValue)
            .map(AttributeValue::getValue)
            .filter(Collection.class::isInstance)
            .map(value -> ((Collection<?>) value).stream()
                .filter(AttributeValue.class::isInstance)
                .map(v -> ((AttributeValue<?>) v).getValue())
                .filter(String.class::isInstance)
                .map(String.class::cast)
                .collect(Collectors.toUnmodifiableList()));
    }

    /** True when the message was scanned and found urgent. */
    public static boolean isUrgent(Mail mail) {
        return urgentCategories(mail).map(c -> !c.isEmpty()).orElse(false);
    }

    public static void setUrgentCategories(Mail mail, List<String> categories) {
        List<AttributeValue<?>> values = categories.stream()
            .<AttributeValue<?>>map(AttributeValue::of)
            .collect(Collectors.toList());
        mail.setAttribute(new Attribute(URGENT, AttributeValue.of(values)));
    }
}
