package org.janseva.catalog.adapter.epfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.janseva.adapter.spi.AdapterResponse;
import org.janseva.adapter.spi.DepartmentAdapter;
import org.janseva.adapter.spi.DepartmentCallException;
import org.janseva.adapter.spi.OperationSpec;
import org.janseva.adapter.spi.Refusal;
import org.janseva.catalog.adapter.AdapterTestSupport;
import org.janseva.catalog.adapter.DepartmentAdapterContract;
import org.janseva.catalog.adapter.restjson.RestJsonAdapterAccess;
import org.janseva.platform.test.StubHttpServer.Answer;
import org.junit.jupiter.api.Test;

class EpfoAdapterIntegrationTests extends DepartmentAdapterContract {

    private static final String API_KEY = "epfo-partner-55aa01";
    /** EPFO's own format, as the simulator and EPFO's member API answer it. */
    private static final String PASSBOOK = "{\"status\": \"SUCCESS\", \"uan\": \"100200300400\","
            + " \"member_name\": \"ASHA RAO\", \"member_id\": \"KNBNG00123450000012345\","
            + " \"est_id\": \"KNBNG0012345000\", \"est_name\": \"DECCAN LOGISTICS PRIVATE LIMITED\","
            + " \"doj_epf\": \"01-06-2019\", \"transactions\": ["
            + "{\"wage_month\": \"022026\", \"trrn_date\": \"12-03-2026\", \"particulars\": \"Cont. For Due-Month 032026\","
            + " \"transaction_type\": \"CR\", \"epf_wages\": \"25000\", \"eps_wages\": \"15000\", \"ee_share\": \"3000\","
            + " \"er_share\": \"1750\", \"pension_share\": \"1250\"},"
            + "{\"wage_month\": \"032026\", \"trrn_date\": \"31-03-2026\", \"particulars\": \"Int. Updated upto 31/03/2026\","
            + " \"transaction_type\": \"INT\", \"epf_wages\": \"0\", \"eps_wages\": \"0\", \"ee_share\": \"240\","
            + " \"er_share\": \"140\", \"pension_share\": \"0\"}],"
            + " \"totals\": {\"ee_total\": \"3240\", \"er_total\": \"1890\", \"pension_total\": \"1250\"},"
            + " \"generated_on\": \"20-11-2026\"}";

    private EpfoAdapter adapter;

    @Override
    protected DepartmentAdapter adapter() {
        if (adapter == null) {
            adapter = new EpfoAdapter(
                    RestJsonAdapterAccess.restJson(http, AdapterTestSupport.auth(http, Clock.systemUTC())), http);
        }
        return adapter;
    }

    @Override
    protected Map<String, Object> settings(URI baseUrl) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("baseUrl", baseUrl + "/departments/EPFO");
        settings.put("auth", Map.of("type", "api-key", "headerName", "X-EPFO-Key", "apiKey", API_KEY));
        return settings;
    }

    @Override
    protected String secret() {
        return API_KEY;
    }

    @Override
    protected OperationSpec operation() {
        return new OperationSpec("passbook", "POST", "/member/passbook", Map.of(), true, Map.of());
    }

    @Override
    protected Map<String, Object> input() {
        return Map.of("uan", "100200300400");
    }

    @Override
    protected String successfulAnswer() {
        return PASSBOOK;
    }

    @Test
    void shouldMapThePassbookIntoThePlatformsShape() {
        AdapterResponse response = invoke();

        Map<String, Object> passbook = response.data();
        assertThat(department.requests().get(department.requests().size() - 1).body())
                .isEqualTo("{\"uan\":\"100200300400\"}");
        assertThat(passbook)
                .containsEntry("memberName", "ASHA RAO")
                .containsEntry("joinedOn", "2019-06-01")
                .containsEntry("asOn", "2026-11-20")
                .containsEntry(
                        "establishment", Map.of("id", "KNBNG0012345000", "name", "DECCAN LOGISTICS PRIVATE LIMITED"));
        List<?> entries = (List<?>) passbook.get("entries");
        assertThat(entries).hasSize(2);
        Map<?, ?> first = (Map<?, ?>) entries.get(0);
        assertThat(first.get("wageMonth")).isEqualTo("2026-02");
        assertThat(first.get("creditedOn")).isEqualTo("2026-03-12");
        assertThat(first.get("type")).isEqualTo("CONTRIBUTION");
        assertThat(first.get("employeeShare")).isEqualTo(Map.of("value", "3000.00", "currency", "INR"));
        assertThat(((Map<?, ?>) entries.get(1)).get("type")).isEqualTo("INTEREST");
        Map<?, ?> balance = (Map<?, ?>) passbook.get("balance");
        assertThat(balance.get("providentFund")).isEqualTo(Map.of("value", "5130.00", "currency", "INR"));
    }

    /** The simulator's passbook starts with the balance brought forward to the months it lists. */
    @Test
    void shouldMapTheBalanceBroughtForwardAsTheOpeningBalance() {
        department.otherwise(Answer.json("{\"status\": \"SUCCESS\", \"uan\": \"100200300400\","
                + " \"member_name\": \"ASHA RAO\", \"member_id\": \"KNBNG00123450000012345\","
                + " \"member_ids\": [\"KNBNG00123450000012345\"],"
                + " \"est_id\": \"KNBNG0012345000\", \"est_name\": \"DECCAN LOGISTICS PRIVATE LIMITED\","
                + " \"doj_epf\": \"01-06-2019\", \"transactions\": ["
                + "{\"wage_month\": \"012026\", \"trrn_date\": \"31-01-2026\","
                + " \"particulars\": \"Balance brought forward as on 31/01/2026\", \"transaction_type\": \"OB\","
                + " \"epf_wages\": \"0\", \"eps_wages\": \"0\", \"ee_share\": \"250000\", \"er_share\": \"180000\","
                + " \"pension_share\": \"75000\"},"
                + "{\"wage_month\": \"022026\", \"trrn_date\": \"12-03-2026\", \"particulars\": \"Cont. For Due-Month 032026\","
                + " \"transaction_type\": \"CR\", \"epf_wages\": \"25000\", \"eps_wages\": \"15000\", \"ee_share\": \"3000\","
                + " \"er_share\": \"1750\", \"pension_share\": \"1250\"}],"
                + " \"totals\": {\"ee_total\": \"253000\", \"er_total\": \"181750\", \"pension_total\": \"76250\"},"
                + " \"generated_on\": \"20-03-2026\"}"));

        AdapterResponse response = invoke();

        List<?> entries = (List<?>) response.data().get("entries");
        Map<?, ?> opening = (Map<?, ?>) entries.get(0);
        assertThat(opening.get("type")).isEqualTo("OPENING_BALANCE");
        assertThat(opening.get("creditedOn")).isEqualTo("2026-01-31");
        assertThat(opening.get("employeeShare")).isEqualTo(Map.of("value", "250000.00", "currency", "INR"));
        assertThat(((Map<?, ?>) entries.get(1)).get("type")).isEqualTo("CONTRIBUTION");
        assertThat(((Map<?, ?>) response.data().get("balance")).get("providentFund"))
                .isEqualTo(Map.of("value", "434750.00", "currency", "INR"));
    }

    @Test
    void shouldRefuseAMemberIdThatIsNotTheUansInItsOwnWords() {
        department.otherwise(Answer.json(
                404,
                "{\"status\": \"FAILURE\", \"error_code\": \"MEMBER_ID_NOT_FOUND\","
                        + " \"message\": \"No such member id is linked to this UAN\"}"));

        AdapterResponse response = invoke();

        assertThat(response.refusal().kind()).isEqualTo(Refusal.Kind.NOT_FOUND);
        assertThat(response.refusal().code()).isEqualTo("MEMBER_ID_NOT_FOUND");
    }

    @Test
    void shouldMapAClaimWithItsHistory() {
        department.otherwise(
                Answer.json("{\"status\": \"SUCCESS\", \"uan\": \"100200300400\", \"member_name\": \"ASHA RAO\","
                        + " \"claim_id\": \"KNBNG260400012345\", \"claim_type\": \"PF ADVANCE (FORM-31)\", \"received_date\": \"02-04-2026\","
                        + " \"claim_status\": \"SETTLED\", \"status_history\": [{\"date\": \"02-04-2026\", \"status\": \"RECEIVED\","
                        + " \"remarks\": \"Claim received online\"}], \"settled_amount\": \"45000\", \"settlement_date\": \"09-04-2026\","
                        + " \"bank_account\": \"XXXXXXXX4321\"}"));
        OperationSpec claim =
                new OperationSpec("claim-status", "POST", "/member/claims/status", Map.of(), true, Map.of());

        AdapterResponse response = adapter()
                .invoke(
                        AdapterTestSupport.request(
                                "EPFO",
                                claim,
                                Map.of("uan", "100200300400", "claimId", "KNBNG260400012345"),
                                Duration.ofSeconds(3)),
                        adapterSettings());

        assertThat(response.data())
                .containsEntry("status", "SETTLED")
                .containsEntry("receivedOn", "2026-04-02")
                .containsEntry("settledAmount", Map.of("value", "45000.00", "currency", "INR"))
                .containsEntry("settledOn", "2026-04-09");
        assertThat((List<?>) response.data().get("history")).hasSize(1);
    }

    @Test
    void shouldTurnEposErrorCodesIntoRefusalsInItsOwnWords() {
        department.otherwise(
                Answer.json(
                        404,
                        "{\"status\": \"FAILURE\", \"error_code\": \"UAN_NOT_FOUND\", \"message\": \"UAN absent in EMP_MST\"}"));

        AdapterResponse response = invoke();

        assertThat(response.refusal().kind()).isEqualTo(Refusal.Kind.NOT_FOUND);
        assertThat(response.refusal().code()).isEqualTo("UAN_NOT_FOUND");
        assertThat(response.refusal().message()).doesNotContain("EMP_MST");
    }

    private static final String CLAIM =
            "{\"status\": \"SUCCESS\", \"uan\": \"100200300400\", \"member_name\": \"ASHA RAO\","
                    + " \"claim_id\": \"KNBNG260400012345\", \"claim_type\": \"PF ADVANCE (FORM-31)\", \"received_date\": \"02-04-2026\","
                    + " \"claim_status\": \"SETTLED\", \"status_history\": [{\"date\": \"02-04-2026\", \"status\": \"RECEIVED\","
                    + " \"remarks\": \"Claim received online\"}], \"settled_amount\": \"45000\", \"settlement_date\": \"09-04-2026\","
                    + " \"bank_account\": \"XXXXXXXX4321\"}";

    private AdapterResponse claim() {
        OperationSpec claim =
                new OperationSpec("claim-status", "POST", "/member/claims/status", Map.of(), true, Map.of());
        return adapter()
                .invoke(
                        AdapterTestSupport.request(
                                "EPFO",
                                claim,
                                Map.of("uan", "100200300400", "claimId", "KNBNG260400012345"),
                                Duration.ofSeconds(3)),
                        adapterSettings());
    }

    /**
     * Only a refusal's status (or a FAILURE in a 2xx) makes EPFO's error code the citizen's "no":
     * the same code on 401/403 (the platform's credentials refused), 429 or 5xx is EPFO failing,
     * which the circuit counts, never "EPFO has no member with this UAN".
     */
    @Test
    void shouldTreatAnErrorCodeOnACredentialsRateOrServerErrorStatusAsAFailure() {
        for (int status : List.of(401, 403, 429, 500, 503)) {
            department.otherwise(Answer.json(status, "{\"status\": \"FAILURE\", \"error_code\": \"UAN_NOT_FOUND\"}"));

            assertFailsAs(DepartmentCallException.Kind.SERVER_ERROR, this::invoke, "status " + status);
        }

        department.otherwise(Answer.json(400, "{\"status\": \"FAILURE\", \"error_code\": \"INVALID_UAN\"}"));
        assertThat(invoke().refusal().code()).isEqualTo("UAN_INVALID");
        department.otherwise(Answer.json(200, "{\"status\": \"FAILURE\", \"error_code\": \"CLAIM_NOT_FOUND\"}"));
        assertThat(invoke().refusal().code()).isEqualTo("CLAIM_NOT_FOUND");
    }

    /** A date that is none (31 February) is a bad answer, not the last day of the month. */
    @Test
    void shouldRefuseAnImpossibleDateInsteadOfMovingIt() {
        for (String wrong : List.of(
                CLAIM.replace("\"received_date\": \"02-04-2026\"", "\"received_date\": \"31-02-2026\""),
                CLAIM.replace("\"settlement_date\": \"09-04-2026\"", "\"settlement_date\": \"31-04-2026\""),
                CLAIM.replace("\"date\": \"02-04-2026\"", "\"date\": \"29-02-2025\""))) {
            department.otherwise(Answer.json(wrong));

            assertFailsAs(DepartmentCallException.Kind.BAD_ANSWER, this::claim, wrong);
        }
        department.otherwise(Answer.json(PASSBOOK.replace("\"12-03-2026\"", "\"30-02-2026\"")));
        assertFailsAs(DepartmentCallException.Kind.BAD_ANSWER, this::invoke, "a passbook entry of 30 February");

        department.otherwise(Answer.json(CLAIM.replace("\"02-04-2026\"", "\"29-02-2028\"")));
        assertThat(claim().data()).containsEntry("receivedOn", "2028-02-29");
    }

    /** A text field of another type is a bad answer, never its Java text ({@code {no=B1, db=...}}). */
    @Test
    void shouldRefuseAFieldOfAnotherTypeRatherThanPassOnItsJavaText() {
        for (String wrong : List.of(
                CLAIM.replace("\"KNBNG260400012345\"", "{\"no\": \"K1\", \"db\": \"ORA-LEAK\"}"),
                CLAIM.replace("\"ASHA RAO\"", "[\"ASHA\", \"ORA-LEAK\"]"),
                CLAIM.replace("\"XXXXXXXX4321\"", "true"),
                CLAIM.replace("\"Claim received online\"", "{\"db\": \"ORA-LEAK\"}"))) {
            department.otherwise(Answer.json(wrong));

            assertThatThrownBy(this::claim).as(wrong).isInstanceOfSatisfying(DepartmentCallException.class, ex -> {
                assertThat(ex.kind()).isEqualTo(DepartmentCallException.Kind.BAD_ANSWER);
                assertThat(ex.getMessage()).doesNotContain("ORA-LEAK");
            });
        }
        department.otherwise(
                Answer.json("{\"status\": \"SUCCESS\", \"uan\": \"100200300400\", \"kyc_status\": \"PARTIAL\","
                        + " \"aadhaar\": {\"number\": \"XXXXXXXX1234\"}, \"aadhaar_verified\": \"Y\"}"));
        assertFailsAs(DepartmentCallException.Kind.BAD_ANSWER, this::invoke, "an Aadhaar number that is an object");

        // a whole number where text belongs is its digits
        department.otherwise(Answer.json(CLAIM.replace("\"100200300400\"", "100200300400")));
        assertThat(claim().data()).containsEntry("uan", "100200300400");
    }

    @Test
    void shouldTreatAnErrorPageLikeAnyDepartmentsErrorStatus() {
        department.otherwise(new Answer(404, "text/html", "<html>Not Found</html>", 0, Map.of()));

        assertThat(invoke().refusal().code()).isEqualTo("RECORD_NOT_FOUND");
    }

    @Test
    void shouldApplyEposConventionsToAnyOtherAnswer() {
        department.otherwise(
                Answer.json(
                        "{\"status\": \"SUCCESS\", \"uan_status\": \"ACTIVE\", \"activated_on\": \"15-08-2021\", \"linked_ids\": [{\"member_id\": \"X1\"}]}"));

        AdapterResponse response = invoke();

        assertThat(response.data())
                .containsEntry("uanStatus", "ACTIVE")
                .containsEntry("activatedOn", "2021-08-15")
                .containsEntry("linkedIds", List.of(Map.of("memberId", "X1")));
        assertThat(EpfoAdapter.camelCase("_a_b_c")).isEqualTo("aBC");

        // a date in EPFO's form that is none is a bad answer there too, not passed on as it came
        department.otherwise(
                Answer.json(
                        "{\"status\": \"SUCCESS\", \"joined\": \"15-01-2020\", \"nested\": [{\"last_update\": \"31-02-2026\"}]}"));
        assertFailsAs(DepartmentCallException.Kind.BAD_ANSWER, this::invoke, "an unmapped answer with 31 February");
    }

    /**
     * The answers are mapped in code: a response mapping (as {@code rest-json} takes, written
     * against EPFO's raw answer) would be ignored in silence, so an operation with one is refused,
     * when a service is created, its department changed to {@code epfo} or it is published.
     */
    @Test
    void shouldRefuseAResponseMappingItWouldNotApply() {
        OperationSpec mapped = new OperationSpec(
                "passbook", "POST", "/member/passbook", Map.of("name", "/member_name"), true, Map.of());

        assertThat(adapter().validateOperation(mapped))
                .extracting(org.janseva.adapter.spi.SettingProblem::setting)
                .containsExactly("responseMapping");
        assertThat(adapter().validateOperation(operation())).isEmpty();
    }

    /** The call fails as a department failure of that kind (and neither answers nor refuses). */
    private static void assertFailsAs(DepartmentCallException.Kind kind, ThrowingCallable call, String what) {
        assertThatThrownBy(call)
                .as(what)
                .isInstanceOfSatisfying(
                        DepartmentCallException.class,
                        ex -> assertThat(ex.kind()).isEqualTo(kind));
    }
}
