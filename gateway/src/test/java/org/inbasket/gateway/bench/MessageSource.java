package org.inbasket.gateway.bench;

/** Builds message {@code index} of a load as the bytes of an RFC 5322 message with CRLF line ends. */
public interface MessageSource {
    byte[] message(int index, String from, String to);

    /** The envelope sender (and From) of message {@code index}; one outside sender unless a source varies it. */
    default String sender(int index) {
        return LoadProfile.SENDER;
    }

    /** A short description for the report, e.g. "2048 B text". */
    String describe();
}
