package org.inbasket.mailets.reports;

class InMemoryReportFactsTest extends ReportFactsContract {
    @Override
    ReportFacts newFacts() {
        return new InMemoryReportFacts();
    }
}
