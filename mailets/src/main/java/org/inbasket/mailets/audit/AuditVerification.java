package org.inbasket.mailets.audit;

import java.util.OptionalLong;

/**
 * The result of walking the chain.
 *
 * @param ok          true when every entry from the anchor to the head is present, in order and unaltered
 * @param checked     how many entries were checked (up to the first break)
 * @param firstBroken the first sequence number that is missing, altered or out of place
 * @param problem     what is wrong at {@code firstBroken} ("" when ok); never content
 * @param anchorSeq   the last purged entry (0 when nothing was purged): the walk starts after it
 * @param headSeq     the newest entry the trail recorded when the walk began
 * @param headHash    its hash: write it down somewhere else to detect a later rewrite of the whole chain
 */
public record AuditVerification(boolean ok, long checked, OptionalLong firstBroken, String problem, long anchorSeq,
                                long headSeq, String headHash) {
}
