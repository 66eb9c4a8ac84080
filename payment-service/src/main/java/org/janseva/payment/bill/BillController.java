package org.janseva.payment.bill;

import io.swagger.v3.oas.annotations.Parameter;
import jakarta.validation.Valid;
import java.time.Clock;
import org.janseva.payment.catalog.BillerBill;
import org.janseva.payment.catalog.CatalogClient;
import org.janseva.payment.money.Money;
import org.janseva.payment.system.Ids;
import org.janseva.platform.security.Caller;
import org.janseva.platform.web.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Bills fetched from billers through the catalog and kept for the citizen. */
@RestController
@RequestMapping("/api/v1/bills")
class BillController {

    private final CatalogClient catalog;
    private final BillRepository bills;
    private final Ids ids;
    private final Clock clock;

    BillController(CatalogClient catalog, BillRepository bills, Ids ids, Clock clock) {
        this.catalog = catalog;
        this.bills = bills;
        this.ids = ids;
        this.clock = clock;
    }

    /** Fetches the bill from the biller (catalog's {@code fetch-bill}), keeps it and answers it. */
    @PostMapping("/fetch")
    BillView fetch(@Parameter(hidden = true) Caller caller, @Valid @RequestBody FetchBillRequest request) {
        String consumerNumber = request.params().consumerNumber();
        BillerBill fetched = catalog.fetchBill(citizen(caller), request.serviceCode(), consumerNumber);
        if (fetched.billNumber() == null
                || fetched.billNumber().isBlank()
                || fetched.amount().signum() <= 0
                || !Money.INR.equals(fetched.currency())) {
            throw new ApiException(
                    HttpStatus.BAD_GATEWAY,
                    "DEPARTMENT_ERROR",
                    "Department error",
                    "The biller's answer is not a payable bill.");
        }
        Bill kept = bills.keep(
                ids.next("bill"),
                citizen(caller),
                request.serviceCode(),
                catalog.billerName(request.serviceCode()),
                consumerNumber,
                fetched,
                clock.instant());
        return view(kept);
    }

    @GetMapping("/{billId}")
    BillView get(@Parameter(hidden = true) Caller caller, @PathVariable String billId) {
        return bills.find(billId, citizen(caller)).map(BillController::view).orElseThrow(() -> notFound(billId));
    }

    static ApiException notFound(String billId) {
        return new ApiException(HttpStatus.NOT_FOUND, "BILL_NOT_FOUND", "Bill not found", "No bill " + billId + ".");
    }

    private static BillView view(Bill bill) {
        return new BillView(
                bill.id(),
                bill.serviceCode(),
                bill.billerName(),
                bill.customerName(),
                bill.billNumber(),
                bill.billDate(),
                bill.dueDate(),
                Money.inr(bill.amount()),
                bill.status());
    }

    /** The citizen a citizen-scoped request is from (the paths need scope citizen). */
    private static String citizen(@Parameter(hidden = true) Caller caller) {
        return caller.isCitizen() ? caller.subject() : caller.citizenId().orElseThrow();
    }
}
