package org.janseva.catalog.admin;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.janseva.adapter.spi.AdapterSettings;
import org.janseva.adapter.spi.DepartmentAdapter;
import org.janseva.adapter.spi.ProbeResult;
import org.janseva.catalog.adapter.AdapterRegistry;
import org.janseva.catalog.adapter.CommonSettings;
import org.janseva.catalog.adapter.DepartmentHttp;
import org.janseva.catalog.catalogue.DepartmentHealth;
import org.janseva.catalog.invocation.DepartmentCircuits;
import org.janseva.catalog.invocation.InvocationProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * A department's health for its integrator and the operators: its circuit on this instance (state,
 * failure and slow-call rates, calls in flight), its calls over the last minutes on every instance
 * (counts, error rate, latency percentiles, from the invocation audit that every instance writes),
 * and, when asked, a live probe through its adapter.
 */
@Service
class DepartmentHealthReports {

    private static final Logger log = LoggerFactory.getLogger(DepartmentHealthReports.class);

    /** Outcomes of calls that reached the department, and those of them that failed. */
    private static final String REACHED = "('SUCCESS', 'REFUSED', 'TIMEOUT', 'DEPARTMENT_ERROR')";

    private static final String FAILED = "('TIMEOUT', 'DEPARTMENT_ERROR')";

    private final DepartmentAdmin departments;
    private final DepartmentCircuits circuits;
    private final DepartmentHealth health;
    private final AdapterRegistry registry;
    private final JdbcClient jdbc;
    private final AdminProperties properties;
    private final Clock clock;
    private final DepartmentHttp http;
    private final InvocationProperties invocation;

    DepartmentHealthReports(
            DepartmentAdmin departments,
            DepartmentCircuits circuits,
            DepartmentHealth health,
            AdapterRegistry registry,
            JdbcClient jdbc,
            AdminProperties properties,
            ObjectProvider<Clock> clock,
            DepartmentHttp http,
            InvocationProperties invocation) {
        this.departments = departments;
        this.circuits = circuits;
        this.health = health;
        this.registry = registry;
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock.getIfUnique(Clock::systemUTC);
        this.http = http;
        this.invocation = invocation;
    }

    AdminViews.HealthView report(String code, Integer minutes, boolean probe) {
        DepartmentAdmin.Stored department = departments.find(code, false);
        if (department == null) {
            throw AdminProblems.departmentNotFound(code);
        }
        long maxMinutes = properties.maxHealthWindow().toMinutes();
        if (minutes != null && (minutes < 1 || minutes > maxMinutes)) {
            throw AdminProblems.invalid("minutes", "must be from 1 to " + maxMinutes);
        }
        Duration window = minutes == null ? properties.healthWindow() : Duration.ofMinutes(minutes);
        AdapterSettings settings = null;
        try {
            settings = departments.open(department);
        } catch (RuntimeException ex) {
            // reported below as a failed probe when one is asked for
        }
        int maxCalls = settings == null
                ? CommonSettings.DEFAULT_MAX_CONCURRENT_CALLS
                : departments.maxConcurrentCalls(settings);
        AdminViews.CircuitView circuit = circuits.circuit(code)
                .map(c -> new AdminViews.CircuitView(
                        c.state(),
                        c.failureRate(),
                        c.slowCallRate(),
                        c.bufferedCalls(),
                        c.failedCalls(),
                        c.notPermittedCalls(),
                        c.inFlight(),
                        maxCalls))
                .orElse(new AdminViews.CircuitView("NOT_CALLED", -1, -1, 0, 0, 0, 0, maxCalls));
        return new AdminViews.HealthView(
                code,
                health.statusOf(code).name(),
                circuit,
                recent(code, window),
                probe ? probe(department, settings) : null);
    }

    private AdminViews.RecentView recent(String code, Duration window) {
        Instant to = clock.instant();
        Instant from = to.minus(window);
        return jdbc.sql("select count(*) filter (where outcome in " + REACHED + ") as calls, "
                        + "count(*) filter (where outcome in " + FAILED + ") as errors, "
                        + "count(*) filter (where outcome = 'REFUSED') as refusals, "
                        + "count(*) filter (where outcome = 'TIMEOUT') as timeouts, "
                        + "count(*) filter (where outcome = 'UNAVAILABLE') as unavailable, "
                        + percentile("p50", 0.5) + ", " + percentile("p90", 0.9) + ", "
                        + percentile("p95", 0.95) + ", " + percentile("p99", 0.99) + ", "
                        + "max(latency_ms) filter (where outcome in " + REACHED + ") as max "
                        + "from invocation_audit where department_code = ? and occurred_at >= ? and occurred_at < ?")
                .params(code, Timestamp.from(from), Timestamp.from(to))
                .query((rs, n) -> {
                    long calls = rs.getLong("calls");
                    long errors = rs.getLong("errors");
                    Map<String, Long> latency = new LinkedHashMap<>();
                    for (String key : new String[] {"p50", "p90", "p95", "p99", "max"}) {
                        long value = rs.getLong(key);
                        if (!rs.wasNull()) {
                            latency.put(key, value);
                        }
                    }
                    return new AdminViews.RecentView(
                            (int) window.toMinutes(),
                            from.atOffset(ZoneOffset.UTC),
                            to.atOffset(ZoneOffset.UTC),
                            calls,
                            errors,
                            calls == 0 ? 0 : Math.round(10_000.0 * errors / calls) / 10_000.0,
                            rs.getLong("refusals"),
                            rs.getLong("timeouts"),
                            rs.getLong("unavailable"),
                            latency);
                })
                .single();
    }

    private static String percentile(String name, double fraction) {
        return "percentile_disc(" + fraction + ") within group (order by latency_ms) filter (where outcome in "
                + REACHED + ") as " + name;
    }

    private AdminViews.ProbeView probe(DepartmentAdmin.Stored department, AdapterSettings settings) {
        DepartmentAdapter adapter = registry.find(department.adapterType()).orElse(null);
        if (adapter == null || settings == null) {
            return new AdminViews.ProbeView(false, 0, "The department's adapter cannot be used as it is configured");
        }
        ProbeResult result;
        try {
            // one deadline for all of the probe's exchanges (an OAuth2 token fetch and the probe),
            // as for a call: the department's timeout, at most the platform's maximum
            result = http.within(invocation.departmentTimeout(settings), () -> adapter.probe(settings));
        } catch (RuntimeException ex) {
            // settings saved before a rule that would have refused them: a failed probe, never a 500
            log.warn("Probe of department {} failed in its adapter: {}", department.code(), ex.toString());
            return new AdminViews.ProbeView(
                    false, 0, "The department's adapter could not probe it as it is configured; check its settings");
        }
        return new AdminViews.ProbeView(result.reachable(), result.latency().toMillis(), result.message());
    }
}
