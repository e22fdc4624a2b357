package org.inbasket.mailets.reports;

import org.inbasket.mailets.triage.TestDatabase;

/** The JDBC facts with the shipped Flyway migration: embedded Derby, or PostgreSQL (see {@link TestDatabase}). */
class JdbcReportFactsTest extends ReportFactsContract {
    @Override
    ReportFacts newFacts() {
        return new JdbcReportFacts(TestDatabase.migrated());
    }
}
