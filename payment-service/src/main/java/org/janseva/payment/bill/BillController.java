package org.janseva.payment.bill;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.time.Clock;
import org.janseva.payment.catalog.BillerBill;
import org.janseva.payment.catalog.CatalogClient;
import org.janseva.payment.catalog.CitizenContext;
import org.janseva.payment.erasure.ErasedCitizens;
import org.janseva.payment.money.Money;
import org.janseva.payment.system.Ids;
import org.janseva.platform.security.Caller;
import org.janseva.platform.web.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Bills fetched from billers through the catalog and kept for the citizen. */
@RestController
@RequestMapping("/api/v1/bills")
@Tag(name = "Bills", description = "A citizen's bills, fetched from billers through the catalog")
class BillController {

    private final CatalogClient catalog;
    private final BillRepository bills;
    private final ErasedCitizens erased;
    private final TransactionTemplate tx;
    private final Ids ids;
    private final Clock clock;

    BillController(
            CatalogClient catalog,
            BillRepository bills,
            ErasedCitizens erased,
            TransactionTemplate tx,
            Ids ids,
            Clock clock) {
        this.catalog = catalog;
        this.bills = bills;
        this.erased = erased;
        this.tx = tx;
        this.ids = ids;
        this.clock = clock;
    }

    /**
     * Fetches the bill from the biller (catalog's {@code fetch-bill}, with the citizen's channel
     * and country, which catalog-service checks as for any invocation), keeps it and answers it.
     * Only a service catalog-service publishes as a utility biller's is fetched (404
     * SERVICE_NOT_FOUND otherwise, the biller not asked), and only an answer that is a payable bill
     * is kept (502 DEPARTMENT_ERROR otherwise). A refused fetch keeps nothing. The token of a
     * deleted account (it verifies until its exp) is refused with 401 before the biller is asked,
     * and again, under the citizen's lock, when the bill would be kept ({@link ErasedCitizens}).
     */
    // "produces": an Accept that refuses JSON is a 406 before the biller is asked and the bill kept
    @PostMapping(path = "/fetch", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Fetch a bill from the biller and keep it",
            description = "The biller is asked through catalog-service's fetch-bill, on the citizen's channel and in"
                    + " the citizen's country (X-Channel, X-Country): a biller not offered there answers 403 as"
                    + " invoking it directly would. The kept bill's amount is what a payment must pay.")
    @ApiResponse(
            responseCode = "200",
            description = "The bill, kept for the citizen",
            content = @Content(schema = @Schema(implementation = BillView.class)))
    @ApiResponse(
            responseCode = "400",
            description = "VALIDATION_FAILED: the body (not JSON: errors name body), the biller's form (errors name"
                    + " params.<field>), X-Channel or X-Country",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "401",
            description = "UNAUTHENTICATED: no valid token, or the token of an account that was deleted",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "403",
            description = "CHANNEL_NOT_SUPPORTED or NOT_AVAILABLE_IN_COUNTRY: the biller is not offered on the"
                    + " citizen's channel or in the citizen's country; FORBIDDEN: a token without scope citizen",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "404",
            description = "SERVICE_NOT_FOUND: no published utility biller service of that code (a service of"
                    + " another type is not fetched, whatever its operations); CONSUMER_NOT_FOUND: the biller knows"
                    + " no such consumer number",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "422",
            description = "NO_BILL_DUE: the biller has no bill due for this consumer number (or another refusal of"
                    + " the biller, under its code)",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "502",
            description = "DEPARTMENT_ERROR: the biller failed or its answer is not a payable bill (no bill number,"
                    + " an amount that is not a positive number of whole paise of at most 12 digits of rupees in INR,"
                    + " a date that is not an ISO date)",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "503",
            description = "DEPARTMENT_UNAVAILABLE: the biller or the catalog cannot be reached now, with Retry-After",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "504",
            description = "DEPARTMENT_TIMEOUT: the biller did not answer in time",
            content = @Content(mediaType = "application/problem+json"))
    BillView fetch(
            @Parameter(hidden = true) Caller caller,
            @Valid @RequestBody FetchBillRequest request,
            @Parameter(description = "android, ios, web (default) or kaios")
                    @RequestHeader(value = "X-Channel", required = false)
                    String channel,
            @Parameter(description = "ISO 3166-1 alpha-2, IN by default")
                    @RequestHeader(value = "X-Country", required = false)
                    String country) {
        CitizenContext context = CitizenContext.of(channel, country);
        String consumerNumber = request.params().consumerNumber();
        String citizen = citizen(caller);
        // the biller is not asked for an erased citizen, and the catalog audits no call for them
        if (erased.isErased(citizen)) {
            throw ErasedCitizens.accountDeleted();
        }
        // only a utility biller's service is fetched: another service's bill could be paid but
        // never confirmed to anyone (it has no confirm-payment), and the money would wait in clearing
        catalog.requireBillerToFetch(request.serviceCode());
        BillerBill fetched = catalog.fetchBill(citizen, request.serviceCode(), consumerNumber, context);
        if (!Money.INR.equals(fetched.currency())) {
            throw new ApiException(
                    HttpStatus.BAD_GATEWAY,
                    "DEPARTMENT_ERROR",
                    "Department error",
                    "The biller's answer is not a payable bill.");
        }
        // kept under the catalogue's spelling of the code: the rules against a second payment
        // of a biller bill compare codes, and a bill fetched as "bescom-bill" was another bill
        String billerName = catalog.billerName(fetched.serviceCode());
        Bill kept = tx.execute(status -> {
            // asked again under the citizen's lock: the erasure may have come while the biller answered
            erased.refuseIfErased(citizen);
            return bills.keep(
                    ids.next("bill"),
                    citizen,
                    fetched.serviceCode(),
                    billerName,
                    consumerNumber,
                    fetched,
                    clock.instant());
        });
        return view(kept);
    }

    @GetMapping(path = "/{billId}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "A bill the citizen fetched")
    @ApiResponse(responseCode = "200", description = "The bill, with its status now")
    @ApiResponse(
            responseCode = "401",
            description = "UNAUTHENTICATED",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "403",
            description = "FORBIDDEN: a token without scope citizen",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "404",
            description = "BILL_NOT_FOUND: no such bill of this citizen (another citizen's bill included)",
            content = @Content(mediaType = "application/problem+json"))
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
