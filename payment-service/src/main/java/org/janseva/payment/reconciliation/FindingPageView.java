package org.janseva.payment.reconciliation;

import java.util.List;
import org.janseva.payment.settlement.Findings;
import org.janseva.payment.system.PageView;

/** A page of reconciliation findings, oldest first, as every list of the API is paged. */
record FindingPageView(List<Findings.Finding> items, PageView page) {

    static FindingPageView of(List<Findings.Finding> items, int number, int size, long totalElements) {
        return new FindingPageView(items, PageView.of(number, size, totalElements));
    }
}
