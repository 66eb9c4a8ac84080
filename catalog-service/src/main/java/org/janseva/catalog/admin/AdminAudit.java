package org.janseva.catalog.admin;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The append-only {@code admin_audit} table: one row per admin change and per dry run, written in
 * the transaction of the change itself (a change never exists without its row), read back by
 * {@code GET /api/v1/admin/audit}.
 */
@Repository
class AdminAudit {

    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};

    /** What is audited. */
    enum Action {
        DEPARTMENT_CREATED,
        DEPARTMENT_UPDATED,
        SERVICE_CREATED,
        SERVICE_STATUS_CHANGED,
        SERVICE_DRY_RUN
    }

    /**
     * One audit row.
     *
     * @param id its position in the trail
     * @param occurredAt when
     * @param actor who: the admin client's id or the admin user's id (the token's subject)
     * @param action what
     * @param departmentCode the department concerned
     * @param serviceCode the service concerned, if any
     * @param requestId the request that made the change
     * @param details what changed (never a secret's value)
     */
    record Entry(
            long id,
            Instant occurredAt,
            String actor,
            Action action,
            String departmentCode,
            String serviceCode,
            String requestId,
            Map<String, Object> details) {}

    /** What to list: each part optional. */
    record Filter(String departmentCode, String serviceCode, Instant from, Instant to) {}

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;

    AdminAudit(JdbcClient jdbc, JsonMapper json, ObjectProvider<Clock> clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock.getIfUnique(Clock::systemUTC);
    }

    /** Writes a row; call it inside the change's transaction. */
    void record(
            String actor,
            Action action,
            String departmentCode,
            String serviceCode,
            String requestId,
            Map<String, Object> details) {
        jdbc.sql("""
                        insert into admin_audit (occurred_at, actor, action, department_code, service_code, request_id, details)
                        values (?, ?, ?, ?, ?, ?, cast(? as jsonb))""")
                .params(
                        Timestamp.from(clock.instant()),
                        clip(actor, 128),
                        action.name(),
                        departmentCode,
                        serviceCode,
                        clip(requestId, 64),
                        json.writeValueAsString(details))
                .update();
    }

    /** @return how many rows match */
    long count(Filter filter) {
        Where where = where(filter);
        return jdbc.sql("select count(*) from admin_audit" + where.sql())
                .params(where.params())
                .query(Long.class)
                .single();
    }

    /** @return one page of matching rows, newest first */
    List<Entry> page(Filter filter, int page, int size) {
        Where where = where(filter);
        List<Object> params = new ArrayList<>(where.params());
        params.add(size);
        params.add((long) page * size);
        return jdbc.sql("""
                        select id, occurred_at, actor, action, department_code, service_code, request_id, details::text as details
                        from admin_audit""" + where.sql() + " order by occurred_at desc, id desc limit ? offset ?")
                .params(params)
                .query((rs, n) -> new Entry(
                        rs.getLong("id"),
                        rs.getTimestamp("occurred_at").toInstant(),
                        rs.getString("actor"),
                        Action.valueOf(rs.getString("action")),
                        rs.getString("department_code"),
                        rs.getString("service_code"),
                        rs.getString("request_id"),
                        json.readValue(rs.getString("details"), OBJECT)))
                .list();
    }

    private record Where(String sql, List<Object> params) {}

    private static Where where(Filter filter) {
        List<String> conditions = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        if (filter.departmentCode() != null) {
            conditions.add("department_code = ?");
            params.add(filter.departmentCode());
        }
        if (filter.serviceCode() != null) {
            conditions.add("service_code = ?");
            params.add(filter.serviceCode());
        }
        if (filter.from() != null) {
            conditions.add("occurred_at >= ?");
            params.add(Timestamp.from(filter.from()));
        }
        if (filter.to() != null) {
            conditions.add("occurred_at < ?");
            params.add(Timestamp.from(filter.to()));
        }
        return new Where(conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions), params);
    }

    private static String clip(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
