package org.inbasket.gateway.logging;

import java.util.Locale;

import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;
import net.logstash.logback.encoder.LogstashEncoder;

/**
 * The encoder of the shipped {@code conf/logback.xml}: one log line per event, as text ({@code <pattern>}, the
 * usual logback pattern) or as one JSON object ({@code logstash-logback-encoder}'s {@link LogstashEncoder}:
 * {@code @timestamp}, {@code level}, {@code logger_name}, {@code thread_name}, {@code message}, the MDC
 * fields James sets, {@code stack_trace}), chosen by {@code <format>} ({@code text} or {@code json}), which
 * the shipped file takes from {@code log.format} in {@code gateway.properties} (ADR 0055).
 *
 * <p>One class with a format switch instead of one appender per format: logback (without Janino) cannot choose
 * an appender by a property without warning about the unused one at every start.</p>
 *
 * <p>Failure: an unknown format or a text format without pattern is reported through logback's status
 * (printed at startup) and the encoder does not start, as logback does for its own encoders.</p>
 *
 * <p>SECURITY: encodes what the code logs and nothing more; the gateway never logs message content.</p>
 */
public final class GatewayLogEncoder extends EncoderBase<ILoggingEvent> {
    /** MDC fields that carry request content, left out of JSON lines. */
    public static final java.util.List<String> UNSAFE_MDC_KEYS = java.util.List.of("request-body", "queryParameters");

    private String format = "text";
    private String pattern;
    private Encoder<ILoggingEvent> delegate;

    /** {@code text} (default) or {@code json}. */
    public void setFormat(String value) {
        this.format = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
    }

    /** The logback pattern of the text format (ignored for JSON). */
    public void setPattern(String value) {
        this.pattern = value;
    }

    public String getFormat() {
        return format;
    }

    @Override
    public void start() {
        switch (format) {
            case "json" -> {
                LogstashEncoder json = new LogstashEncoder();
                json.setContext(getContext());
                json.setIncludeContext(false);
                // James's WebAdmin puts every request's body and query parameters in the MDC of its "WebAdmin
                // request received" line (passwords of PKCS#12 exports, uploaded patient lists, tokens). The text
                // pattern prints no MDC; JSON would print it all, so these fields are never written.
                UNSAFE_MDC_KEYS.forEach(json::addExcludeMdcKeyName);
                json.start();
                delegate = json;
            }
            case "text" -> {
                if (pattern == null || pattern.isBlank()) {
                    addError("GatewayLogEncoder: the text format needs a <pattern>");
                    return;
                }
                PatternLayoutEncoder text = new PatternLayoutEncoder();
                text.setContext(getContext());
                text.setPattern(pattern);
                text.start();
                delegate = text;
            }
            default -> {
                addError("GatewayLogEncoder: unknown <format> '" + format + "' (expected text or json)");
                return;
            }
        }
        super.start();
    }

    @Override
    public void stop() {
        if (delegate != null) {
            delegate.stop();
        }
        super.stop();
    }

    @Override
    public byte[] headerBytes() {
        return delegate == null ? null : delegate.headerBytes();
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        return delegate.encode(event);
    }

    @Override
    public byte[] footerBytes() {
        return delegate == null ? null : delegate.footerBytes();
    }
}
