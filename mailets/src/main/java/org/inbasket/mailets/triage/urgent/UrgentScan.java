package org.inbasket.mailets.triage.urgent;

import java.util.List;

/**
 * What a scan found: the urgent categories (lexicon order, no duplicates), how many term occurrences
 * counted and how many were set aside as negated. Holds no message text.
 */
public record UrgentScan(List<String> categories, int urgentHits, int negatedHits) {
    public UrgentScan {
        categories = List.copyOf(categories);
    }

    public boolean urgent() {
        return !categories.isEmpty();
    }
}
