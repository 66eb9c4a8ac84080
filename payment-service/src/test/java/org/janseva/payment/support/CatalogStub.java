package org.janseva.payment.support;

import java.util.List;
import org.janseva.platform.test.StubHttpServer;

/**
 * catalog-service's invocation API as payment-service consumes it (contracts.md, "Invocation for
 * payment-service"), served over real HTTP. Each test registers its own biller service code, so
 * that its bills are its own.
 */
public final class CatalogStub {

    private static CatalogStub instance;

    private final StubHttpServer server = StubHttpServer.start();

    private CatalogStub() {}

    public static synchronized CatalogStub get() {
        if (instance == null) {
            instance = new CatalogStub();
        }
        return instance;
    }

    public String baseUrl() {
        return server.baseUri().toString();
    }

    public StubHttpServer server() {
        return server;
    }

    /** The biller of this service code has a bill of this amount and accepts confirmations. */
    public void biller(String serviceCode, String billNumber, String amount) {
        server.on(
                "POST",
                "/api/v1/services/" + serviceCode + "/operations/fetch-bill",
                StubHttpServer.Answer.json("""
                        {"data": {"billNumber": "%s", "customerName": "Asha Devi", "billDate": "2026-11-01",
                          "dueDate": "2026-11-30", "amount": {"value": "%s", "currency": "INR"},
                          "billerReference": "BR-%s"},
                         "serviceCode": "%s", "operationCode": "fetch-bill", "requestId": "r1"}
                        """.formatted(billNumber, amount, billNumber, serviceCode)));
        published(serviceCode);
        confirm(serviceCode, StubHttpServer.Answer.json(confirmation("ACCEPTED", null)));
    }

    /**
     * The catalogue publishes the service as a utility biller's: its public detail answers 200 with
     * type UTILITY and fetch-bill among its operations (confirm-payment, the platform's alone, is
     * never listed there).
     */
    public void published(String serviceCode) {
        published(serviceCode, "UTILITY", "Bangalore Electricity Supply Company");
    }

    /** The catalogue publishes the service with this type and department name, offering fetch-bill. */
    public void published(String serviceCode, String type, String departmentName) {
        entry(serviceCode, StubHttpServer.Answer.json(detail(serviceCode, type, departmentName)));
    }

    /** @return the public detail of a published service that offers fetch-bill */
    public static String detail(String serviceCode, String type, String departmentName) {
        return "{\"code\": \"" + serviceCode + "\", \"name\": \"Electricity bill\", \"type\": \"" + type
                + "\", \"department\": {\"code\": \"BESCOM\", \"name\": \"" + departmentName + "\"},"
                + " \"operations\": [{\"code\": \"fetch-bill\", \"name\": \"Fetch bill\", \"language\": \"en\","
                + " \"inputSchema\": {\"type\": \"object\"}}]}";
    }

    /**
     * The service was suspended (or set back to draft): the public detail answers catalog-service's
     * 404 SERVICE_NOT_FOUND, and so do its operations.
     */
    public void unpublished(String serviceCode) {
        StubHttpServer.Answer notFound = new StubHttpServer.Answer(
                404,
                "application/problem+json",
                "{\"type\": \"https://janseva.org/problems/service-not-found\", \"title\": \"Service not found\","
                        + " \"status\": 404, \"code\": \"SERVICE_NOT_FOUND\", \"detail\": \"No such service is offered.\"}",
                0,
                java.util.Map.of());
        entry(serviceCode, notFound);
        confirm(serviceCode, notFound);
    }

    /** The catalogue's public detail of the service answers this. */
    public void entry(String serviceCode, StubHttpServer.Answer answer) {
        server.on("GET", "/api/v1/catalog/services/" + serviceCode, answer);
    }

    /** @return how many times the public detail of the service was asked for */
    public int entryRequests(String serviceCode) {
        return server.arrivals("GET", "/api/v1/catalog/services/" + serviceCode);
    }

    /** The biller answers confirm-payment with this. */
    public void confirm(String serviceCode, StubHttpServer.Answer answer) {
        server.on("POST", "/api/v1/services/" + serviceCode + "/operations/confirm-payment", answer);
    }

    /**
     * The biller's answers to confirm-payment wait, each once received, until the hold is released,
     * and are then what {@link #confirm} set by then.
     */
    public StubHttpServer.Hold holdConfirmations(String serviceCode) {
        return server.hold("POST", "/api/v1/services/" + serviceCode + "/operations/confirm-payment");
    }

    /** The biller answers fetch-bill with this (its data as catalog-service passes it on). */
    public void fetchAnswer(String serviceCode, String data) {
        server.on(
                "POST",
                "/api/v1/services/" + serviceCode + "/operations/fetch-bill",
                StubHttpServer.Answer.json("{\"data\": " + data + ", \"serviceCode\": \"" + serviceCode
                        + "\", \"operationCode\": \"fetch-bill\", \"requestId\": \"r1\"}"));
        published(serviceCode);
    }

    /** The biller answers fetch-bill with a problem. */
    public void fetchProblem(String serviceCode, int status, String code) {
        published(serviceCode);
        server.on(
                "POST",
                "/api/v1/services/" + serviceCode + "/operations/fetch-bill",
                new StubHttpServer.Answer(
                        status,
                        "application/problem+json",
                        "{\"type\": \"https://janseva.org/problems/x\", \"title\": \"t\", \"status\": " + status
                                + ", \"code\": \"" + code + "\", \"detail\": \"d\"}",
                        0,
                        java.util.Map.of()));
    }

    /** catalog-service refuses fetch-bill's input with a field error of the operation's schema. */
    public void fetchRefusedInput(String serviceCode, String field, String message) {
        published(serviceCode);
        server.on(
                "POST",
                "/api/v1/services/" + serviceCode + "/operations/fetch-bill",
                new StubHttpServer.Answer(
                        400,
                        "application/problem+json",
                        "{\"type\": \"https://janseva.org/problems/validation-failed\", \"title\": \"Validation failed\","
                                + " \"status\": 400, \"code\": \"VALIDATION_FAILED\","
                                + " \"detail\": \"The request has invalid fields; see errors.\","
                                + " \"errors\": [{\"field\": \"" + field + "\", \"message\": \"" + message + "\"}]}",
                        0,
                        java.util.Map.of()));
    }

    public static String confirmation(String status, String reason) {
        return "{\"data\": {\"status\": \"" + status + "\""
                + (reason == null ? "" : ", \"reason\": \"" + reason + "\"")
                + ", \"billerReference\": \"BLR-1\"}, \"serviceCode\": \"S\", \"operationCode\": \"confirm-payment\","
                + " \"requestId\": \"r2\"}";
    }

    /** @return the confirm-payment requests received for the service code */
    public List<StubHttpServer.Recorded> confirmations(String serviceCode) {
        return server.requests().stream()
                .filter(r -> r.path().equals("/api/v1/services/" + serviceCode + "/operations/confirm-payment"))
                .toList();
    }
}
