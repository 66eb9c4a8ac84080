package org.janseva.payment.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

class ReportDayTests {

    private static final Duration DELAY = Duration.ofMinutes(30);

    @Test
    void shouldWaitHalfAnHourAfterMidnightInIndiaBeforeReportingYesterday() {
        assertThat(ReconciliationJob.reportDay(at("2026-11-29T23:59"), DELAY)).isEqualTo("2026-11-28");
        assertThat(ReconciliationJob.reportDay(at("2026-11-30T00:10"), DELAY))
                .as("the 29th's last payments may still be settling")
                .isEqualTo("2026-11-28");
        assertThat(ReconciliationJob.reportDay(at("2026-11-30T00:30"), DELAY)).isEqualTo("2026-11-29");
        assertThat(ReconciliationJob.reportDay(at("2026-11-30T18:00"), DELAY)).isEqualTo("2026-11-29");
    }

    private static java.time.Instant at(String istDateTime) {
        return OffsetDateTime.parse(istDateTime + ":00+05:30").toInstant();
    }
}
