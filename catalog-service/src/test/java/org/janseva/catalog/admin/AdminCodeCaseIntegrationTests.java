package org.janseva.catalog.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.janseva.platform.test.ProblemAssertions.assertProblem;

import java.util.ArrayList;
import java.util.List;
import org.janseva.platform.test.StubHttpServer;
import org.janseva.platform.test.StubHttpServer.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The admin API reads department and service codes, and its {@code type} and {@code status}
 * filters, in any case, as the public catalogue does: a lower-case code was a 404 here (the
 * catalogue answered it), {@code ?type=utility} a 400, and the audit filtered on a lower-case code
 * answered an empty trail for a department that had one. Codes are still created in capitals only.
 */
class AdminCodeCaseIntegrationTests extends AdminTestSupport {

    private static final String DEPARTMENT = "ZZADM-CASE";
    private static final String SERVICE = "ZZADM-CASE-DL";

    private final StubHttpServer rto = StubHttpServer.start();

    @BeforeAll
    void onboard() {
        setUpHttp();
        rto.otherwise(Answer.json(DEPARTMENT_ANSWER));
        body(
                post("/api/v1/admin/departments", restJsonDepartment(DEPARTMENT, rto.baseUri() + "/rto", "case-key-1")),
                201);
        body(post("/api/v1/admin/departments/" + DEPARTMENT + "/services", licenceService(SERVICE)), 201);
    }

    @AfterAll
    void stopStub() {
        rto.close();
    }

    @Test
    void shouldReadAndChangeADepartmentByItsCodeInAnyCase() {
        assertThat(body(get("/api/v1/admin/departments/zzadm-case"), 200)
                        .path("code")
                        .asString())
                .isEqualTo(DEPARTMENT);

        JsonNode changed = body(
                patch(
                        "/api/v1/admin/departments/Zzadm-Case",
                        "{\"name\": {\"en\": \"Transport Department, Karnataka (case)\"}}"),
                200);
        assertThat(changed.path("code").asString()).isEqualTo(DEPARTMENT);
        assertThat(changed.path("name").path("en").asString()).isEqualTo("Transport Department, Karnataka (case)");
        // the document as read, sent back to the lower-case path, keeps its code
        JsonNode read = body(get("/api/v1/admin/departments/" + DEPARTMENT), 200);
        body(patch("/api/v1/admin/departments/zzadm-case", read.toString()), 200);

        long total = body(get("/api/v1/admin/departments/" + DEPARTMENT + "/services"), 200)
                .path("page")
                .path("totalElements")
                .asLong();
        JsonNode services = body(get("/api/v1/admin/departments/zzadm-case/services?size=100"), 200);
        assertThat(services.path("page").path("totalElements").asLong()).isEqualTo(total);
        List<String> codes = new ArrayList<>();
        services.path("items").forEach(item -> codes.add(item.path("code").asString()));
        assertThat(codes).contains(SERVICE);
        long drafts = body(get("/api/v1/admin/departments/" + DEPARTMENT + "/services?status=DRAFT"), 200)
                .path("page")
                .path("totalElements")
                .asLong();
        assertThat(drafts).isPositive();
        assertThat(body(get("/api/v1/admin/departments/zzadm-case/services?status=draft"), 200)
                        .path("page")
                        .path("totalElements")
                        .asLong())
                .isEqualTo(drafts);
        assertThat(body(get("/api/v1/admin/departments/zzadm-case/services?status="), 200)
                        .path("page")
                        .path("totalElements")
                        .asLong())
                .as("a blank filter is no filter")
                .isEqualTo(total);
        assertProblem(get("/api/v1/admin/departments/zzadm-case/services?status=gone"), 400, "VALIDATION_FAILED");

        assertThat(body(get("/api/v1/admin/departments/zzadm-case/health"), 200)
                        .path("department")
                        .asString())
                .isEqualTo(DEPARTMENT);
        assertProblem(get("/api/v1/admin/departments/zzadm-nothing/health"), 404, "DEPARTMENT_NOT_FOUND");
    }

    @Test
    void shouldReadAndChangeAServiceByItsCodeInAnyCase() {
        assertThat(body(get("/api/v1/admin/services/zzadm-case-dl"), 200)
                        .path("code")
                        .asString())
                .isEqualTo(SERVICE);

        JsonNode suspended = body(patch("/api/v1/admin/services/zzadm-case-dl", "{\"status\": \"SUSPENDED\"}"), 200);
        assertThat(suspended.path("code").asString()).isEqualTo(SERVICE);
        assertThat(suspended.path("status").asString()).isEqualTo("SUSPENDED");
        assertThat(jdbc.sql("select status from catalogue_entry where code = ?")
                        .param(SERVICE)
                        .query(String.class)
                        .single())
                .isEqualTo("SUSPENDED");
        body(patch("/api/v1/admin/services/Zzadm-Case-Dl", "{\"status\": \"DRAFT\"}"), 200);
        assertProblem(get("/api/v1/admin/services/zzadm-nothing"), 404, "SERVICE_NOT_FOUND");
    }

    @Test
    void shouldDryRunWithCodesInAnyCase() {
        JsonNode run = body(
                post(
                        "/api/v1/admin/departments/zzadm-case/dry-run",
                        "{\"serviceCode\": \"zzadm-case-dl\", \"operationCode\": \"licence-status\","
                                + " \"input\": {\"licenceNumber\": \"KA0120110012345\"}}"),
                200);

        assertThat(run.path("outcome").asString()).isEqualTo("SUCCESS");
        // audited under the codes as stored, so the trail's filters find it
        assertThat(jdbc.sql("select count(*) from admin_audit where action = 'SERVICE_DRY_RUN' and department_code = ?"
                                + " and service_code = ?")
                        .params(DEPARTMENT, SERVICE)
                        .query(Long.class)
                        .single())
                .isPositive();
    }

    @Test
    void shouldFilterDepartmentsByTypeInAnyCase() {
        JsonNode utilities = body(get("/api/v1/admin/departments?type=utility&size=100"), 200);
        long total = body(get("/api/v1/admin/departments?type=UTILITY&size=1"), 200)
                .path("page")
                .path("totalElements")
                .asLong();

        assertThat(total).isPositive();
        assertThat(utilities.path("page").path("totalElements").asLong()).isEqualTo(total);
        List<String> types = new ArrayList<>();
        utilities.path("items").forEach(item -> types.add(item.path("type").asString()));
        assertThat(types).isNotEmpty().containsOnly("UTILITY");
        assertThat(body(get("/api/v1/admin/departments?type=%20State%20&size=1"), 200)
                        .path("items")
                        .get(0)
                        .path("type")
                        .asString())
                .isEqualTo("STATE");
        // a blank filter is no filter, as in the catalogue
        assertThat(body(get("/api/v1/admin/departments?type=&size=1"), 200)
                        .path("page")
                        .path("totalElements")
                        .asLong())
                .isEqualTo(body(get("/api/v1/admin/departments?size=1"), 200)
                        .path("page")
                        .path("totalElements")
                        .asLong());
        assertThat(errorFields(get("/api/v1/admin/departments?type=foo"))).containsExactly("type");
    }

    @Test
    void shouldFindTheAuditTrailOfADepartmentAndOfAServiceByTheirCodesInAnyCase() {
        long departmentRows = body(get("/api/v1/admin/audit?department=" + DEPARTMENT), 200)
                .path("page")
                .path("totalElements")
                .asLong();
        long serviceRows = body(get("/api/v1/admin/audit?service=" + SERVICE), 200)
                .path("page")
                .path("totalElements")
                .asLong();
        assertThat(departmentRows).as("created, and its service created").isGreaterThanOrEqualTo(2);
        assertThat(serviceRows).isPositive();

        JsonNode lower = body(get("/api/v1/admin/audit?department=zzadm-case"), 200);
        assertThat(lower.path("page").path("totalElements").asLong()).isEqualTo(departmentRows);
        lower.path("items")
                .forEach(item -> assertThat(item.path("department").asString()).isEqualTo(DEPARTMENT));
        assertThat(body(get("/api/v1/admin/audit?department=%20Zzadm-Case%20&service=zzadm-case-dl"), 200)
                        .path("page")
                        .path("totalElements")
                        .asLong())
                .isEqualTo(serviceRows);
    }

    @Test
    void shouldAddAServiceToADepartmentNamedInAnyCaseWithCodesCreatedInCapitalsOnly() {
        JsonNode created =
                body(post("/api/v1/admin/departments/zzadm-case/services", licenceService("ZZADM-CASE-RC")), 201);
        assertThat(created.path("department").asString()).isEqualTo(DEPARTMENT);

        assertThat(errorFields(post(
                        "/api/v1/admin/departments",
                        restJsonDepartment("zzadm-lower", rto.baseUri() + "/rto", "case-key-2"))))
                .containsExactly("code");
        assertThat(errorFields(
                        post("/api/v1/admin/departments/" + DEPARTMENT + "/services", licenceService("zzadm-case-x"))))
                .containsExactly("code");
        assertThat(jdbc.sql("select count(*) from department where lower(code) = 'zzadm-lower'")
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(jdbc.sql("select count(*) from catalogue_entry where lower(code) = 'zzadm-case-x'")
                        .query(Long.class)
                        .single())
                .isZero();
    }
}
