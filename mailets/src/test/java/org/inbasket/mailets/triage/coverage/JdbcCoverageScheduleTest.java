package org.inbasket.mailets.triage.coverage;

import org.inbasket.mailets.triage.TestDatabase;
import org.junit.jupiter.api.BeforeEach;

class JdbcCoverageScheduleTest extends CoverageScheduleContract {
    private MutableCoverageSchedule schedule;

    @BeforeEach
    void setUp() {
        schedule = new JdbcCoverageSchedule(TestDatabase.migrated());
    }

    @Override
    protected MutableCoverageSchedule schedule() {
        return schedule;
    }
}
