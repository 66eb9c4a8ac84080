package org.janseva.payment.reconciliation;

import java.time.LocalDate;
import org.janseva.payment.ledger.LedgerCheck;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operators' internal endpoints (scope {@code service}; not routed by the gateway): run the
 * reconciliation now, read a day's ledger-vs-gateway comparison, check the ledger's balance.
 */
@RestController
@RequestMapping("/internal/v1")
class ReconciliationController {

    private final ReconciliationJob job;
    private final LedgerCheck ledgerCheck;

    ReconciliationController(ReconciliationJob job, LedgerCheck ledgerCheck) {
        this.job = job;
        this.ledgerCheck = ledgerCheck;
    }

    @PostMapping("/reconciliation/runs")
    ReconciliationJob.Result run() {
        return job.run();
    }

    @GetMapping("/reconciliation/reports/{gateway}/{day}")
    DailyReport report(
            @PathVariable String gateway, @PathVariable @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate day) {
        return job.report(gateway, day);
    }

    @GetMapping("/ledger/check")
    LedgerCheck.Result checkLedger() {
        return ledgerCheck.check();
    }
}
