package org.inbasket.mailets.audit;

/**
 * One entry of the audit trail: its place in the chain, what it records, and its hash
 * (see {@link AuditChain#hash}).
 *
 * @param seq    sequence number, 1 for the first entry ever, without gaps
 * @param record what happened
 * @param hash   lower-case hex SHA-256 over the previous entry's hash and this entry
 */
public record AuditEntry(long seq, AuditRecord record, String hash) {
}
