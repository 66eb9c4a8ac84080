package org.janseva.catalog.adapter.bbps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.janseva.adapter.spi.AdapterResponse;
import org.janseva.adapter.spi.DepartmentAdapter;
import org.janseva.adapter.spi.DepartmentCallException;
import org.janseva.adapter.spi.OperationSpec;
import org.janseva.adapter.spi.Refusal;
import org.janseva.catalog.adapter.AdapterTestSupport;
import org.janseva.catalog.adapter.DepartmentAdapterContract;
import org.janseva.platform.test.StubHttpServer.Answer;
import org.janseva.platform.test.StubHttpServer.Recorded;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class BbpsBillerAdapterIntegrationTests extends DepartmentAdapterContract {

    private static final String API_KEY = "bescom-bbps-7e41c0";
    private static final String BILL = "{\"responseCode\": \"000\", \"responseReason\": \"Successful\","
            + " \"billerResponse\": {\"customerName\": \"ASHA RAO\", \"billNumber\": \"BESCOM202611004211\","
            + " \"billDate\": \"2026-11-03\", \"dueDate\": \"2026-11-24\", \"billPeriod\": \"MONTHLY\","
            + " \"billAmount\": \"123450\", \"amountOptions\": [{\"amountName\": \"Usage charges\", \"amountValue\":"
            + " \"100000\"}, {\"amountName\": \"Fixed charges\", \"amountValue\": \"23450\"}]},"
            + " \"billerReference\": \"FR-88\"}";

    private final JsonMapper json = JsonMapper.builder().build();
    private BbpsBillerAdapter adapter;

    @Override
    protected DepartmentAdapter adapter() {
        if (adapter == null) {
            adapter = new BbpsBillerAdapter(http, AdapterTestSupport.auth(http, Clock.systemUTC()));
        }
        return adapter;
    }

    @Override
    protected Map<String, Object> settings(URI baseUrl) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("baseUrl", baseUrl + "/billers/BESCOM");
        settings.put("billerId", "BESCOM00KAR01");
        settings.put("auth", Map.of("type", "api-key", "apiKey", API_KEY));
        return settings;
    }

    @Override
    protected String secret() {
        return API_KEY;
    }

    @Override
    protected OperationSpec operation() {
        return fetchBill();
    }

    private static OperationSpec fetchBill() {
        return new OperationSpec("fetch-bill", "POST", "/bill/fetch", Map.of(), true, Map.of());
    }

    private static OperationSpec confirmPayment() {
        return new OperationSpec("confirm-payment", "POST", "/bill/payment", Map.of(), false, Map.of());
    }

    @Override
    protected Map<String, Object> input() {
        return Map.of("consumerNumber", "1234567890");
    }

    @Override
    protected String successfulAnswer() {
        return BILL;
    }

    private AdapterResponse call(OperationSpec operation, Map<String, Object> input) {
        return adapter()
                .invoke(
                        AdapterTestSupport.request("BESCOM", operation, input, Duration.ofSeconds(3)),
                        adapterSettings());
    }

    private Recorded lastRequest() {
        List<Recorded> requests = department.requests();
        return requests.get(requests.size() - 1);
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldFetchABillAsTheContractShapesIt() {
        AdapterResponse response = call(fetchBill(), input());

        Recorded request = lastRequest();
        assertThat(request.path()).isEqualTo("/billers/BESCOM/bill/fetch");
        JsonNode sent = json.readTree(request.body());
        assertThat(sent.path("billerId").asString()).isEqualTo("BESCOM00KAR01");
        assertThat(sent.path("customerParams").path("consumerNumber").asString())
                .isEqualTo("1234567890");
        assertThat(sent.path("requestId").asString()).isEqualTo("test-request-1");

        Map<String, Object> bill = response.data();
        assertThat(bill)
                .containsEntry("billNumber", "BESCOM202611004211")
                .containsEntry("customerName", "ASHA RAO")
                .containsEntry("billDate", "2026-11-03")
                .containsEntry("dueDate", "2026-11-24")
                .containsEntry("amount", Map.of("value", "1234.50", "currency", "INR"))
                .containsEntry("billerReference", "FR-88");
        assertThat((List<Object>) bill.get("breakdown"))
                .containsExactly(
                        Map.of("name", "Usage charges", "amount", Map.of("value", "1000.00", "currency", "INR")),
                        Map.of("name", "Fixed charges", "amount", Map.of("value", "234.50", "currency", "INR")));
    }

    @Test
    void shouldSayNoBillDue() {
        department.otherwise(Answer.json("{\"responseCode\": \"BFR004\", \"responseReason\": \"No bill due\"}"));

        AdapterResponse response = call(fetchBill(), input());

        assertThat(response.isRefusal()).isTrue();
        assertThat(response.refusal().kind()).isEqualTo(Refusal.Kind.UNPROCESSABLE);
        assertThat(response.refusal().code()).isEqualTo("NO_BILL_DUE");
    }

    @Test
    void shouldSayConsumerNotFound() {
        department.otherwise(
                Answer.json(
                        "{\"responseCode\": \"BFR001\", \"responseReason\": \"Invalid consumer number 1234567890 in KPTCL db\"}"));

        AdapterResponse response = call(fetchBill(), input());

        assertThat(response.refusal().kind()).isEqualTo(Refusal.Kind.NOT_FOUND);
        assertThat(response.refusal().code()).isEqualTo("CONSUMER_NOT_FOUND");
        assertThat(response.refusal().message()).doesNotContain("KPTCL");
    }

    @Test
    void shouldConfirmAnAcceptedPaymentSendingPaise() {
        department.otherwise(Answer.json(
                "{\"responseCode\": \"000\", \"status\": \"ACCEPTED\", \"billerReference\": \"BESCOM0042\"}"));

        AdapterResponse response = call(confirmPayment(), payment(Map.of("value", "1234.50", "currency", "INR")));

        JsonNode sent = json.readTree(lastRequest().body());
        assertThat(lastRequest().path()).isEqualTo("/billers/BESCOM/bill/payment");
        assertThat(sent.path("amount").asString()).isEqualTo("123450");
        assertThat(sent.path("paymentReference").asString()).isEqualTo("PAY-01");
        assertThat(sent.path("billNumber").asString()).isEqualTo("BESCOM202611004211");
        assertThat(response.data())
                .containsOnly(Map.entry("status", "ACCEPTED"), Map.entry("billerReference", "BESCOM0042"));
    }

    @Test
    void shouldReportARejectedPaymentWithThePlatformsReasonCode() {
        department.otherwise(
                Answer.json("{\"responseCode\": \"BPR003\", \"responseReason\": \"Amt mismatch (ledger 1234.5)\","
                        + " \"status\": \"REJECTED\"}"));

        AdapterResponse response = call(confirmPayment(), payment(Map.of("value", "1000.00", "currency", "INR")));

        assertThat(response.isRefusal()).isFalse();
        assertThat(response.data())
                .containsOnly(Map.entry("status", "REJECTED"), Map.entry("reason", "AMOUNT_MISMATCH"));
    }

    @Test
    void shouldRefuseAMalformedAmountWithoutCallingTheBiller() {
        int before = department.requests().size();

        AdapterResponse response = call(confirmPayment(), payment(Map.of("value", "12.345", "currency", "INR")));

        assertThat(response.refusal().code()).isEqualTo("AMOUNT_INVALID");
        assertThat(department.requests()).hasSize(before);
        assertThat(BbpsBillerAdapter.paise("1234.5")).isEqualTo(123450L);
        assertThat(BbpsBillerAdapter.paise(Map.of("value", "10", "currency", "USD")))
                .isNull();
        assertThat(BbpsBillerAdapter.paise("-1")).isNull();
    }

    @Test
    void shouldTreatAnUnknownResponseCodeOrAMalformedBillAsABadAnswer() {
        department.otherwise(Answer.json("{\"responseCode\": \"XYZ\"}"));
        assertThatThrownBy(() -> call(fetchBill(), input()))
                .isInstanceOfSatisfying(
                        DepartmentCallException.class,
                        ex -> assertThat(ex.kind()).isEqualTo(DepartmentCallException.Kind.BAD_ANSWER));

        department.otherwise(Answer.json(BILL.replace("\"123450\"", "\"12.34\"")));
        assertThatThrownBy(() -> call(fetchBill(), input()))
                .isInstanceOfSatisfying(
                        DepartmentCallException.class,
                        ex -> assertThat(ex.kind()).isEqualTo(DepartmentCallException.Kind.BAD_ANSWER));
    }

    /**
     * A text field of another type is a bad answer (a 502 the circuit counts), never its Java text:
     * {@code {"no": "B1", "db": "ORA-LEAK"}} reached citizens as {@code "{no=B1, db=ORA-LEAK}"}.
     */
    @Test
    void shouldRefuseABillFieldOfAnotherTypeRatherThanPassOnItsJavaText() {
        for (String wrong : List.of(
                BILL.replace("\"BESCOM202611004211\"", "{\"no\": \"B1\", \"db\": \"ORA-LEAK\"}"),
                BILL.replace("\"BESCOM202611004211\"", "12.5"),
                BILL.replace("\"ASHA RAO\"", "[\"ASHA\", \"ORA-LEAK\"]"),
                BILL.replace("\"FR-88\"", "{\"ref\": \"ORA-LEAK\"}"),
                BILL.replace("\"FR-88\"", "true"),
                BILL.replace("\"Usage charges\"", "{\"en\": \"ORA-LEAK\"}"),
                BILL.replace("\"123450\"", "{\"paise\": 123450}"),
                BILL.replace("\"000\"", "[\"000\"]"))) {
            department.otherwise(Answer.json(wrong));

            assertThatThrownBy(() -> call(fetchBill(), input()))
                    .as(wrong)
                    .isInstanceOfSatisfying(DepartmentCallException.class, ex -> {
                        assertThat(ex.kind()).isEqualTo(DepartmentCallException.Kind.BAD_ANSWER);
                        assertThat(ex.getMessage()).doesNotContain("ORA-LEAK");
                    });
        }

        department.otherwise(Answer.json(
                "{\"responseCode\": \"000\", \"status\": \"ACCEPTED\", \"billerReference\": {\"db\": \"ORA-LEAK\"}}"));
        assertThatThrownBy(() -> call(confirmPayment(), payment(Map.of("value", "1234.50", "currency", "INR"))))
                .isInstanceOfSatisfying(
                        DepartmentCallException.class,
                        ex -> assertThat(ex.kind()).isEqualTo(DepartmentCallException.Kind.BAD_ANSWER));
    }

    /** A whole number where text belongs (a numeric bill number, paise) is read as its digits. */
    @Test
    void shouldReadAWholeNumberWhereTextBelongsAsItsDigits() {
        department.otherwise(Answer.json(BILL.replace("\"BESCOM202611004211\"", "2026110042004211")
                .replace("\"123450\"", "123450")
                .replace("\"FR-88\"", "88")));

        assertThat(call(fetchBill(), input()).data())
                .containsEntry("billNumber", "2026110042004211")
                .containsEntry("amount", Map.of("value", "1234.50", "currency", "INR"))
                .containsEntry("billerReference", "88");
    }

    @Test
    void shouldKnowOnlyTheTwoBillerOperations() {
        assertThat(adapter().validateOperation(confirmPayment())).isEmpty();
        assertThat(adapter().validateOperation(new OperationSpec("passbook", "GET", "/x", Map.of(), true, Map.of())))
                .hasSize(1);
    }

    private static Map<String, Object> payment(Object amount) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("consumerNumber", "1234567890");
        input.put("billNumber", "BESCOM202611004211");
        input.put("paymentReference", "PAY-01");
        input.put("amount", amount);
        return input;
    }
}
