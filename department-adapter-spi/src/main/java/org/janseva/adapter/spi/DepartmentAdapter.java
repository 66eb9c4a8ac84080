package org.janseva.adapter.spi;

import java.util.List;

/**
 * An adapter TYPE: the code that speaks one protocol to department systems ({@code rest-json},
 * {@code bbps-biller}, a partner's own API). An adapter INSTANCE is data: a department's
 * {@link AdapterSettings}, created through the admin API and live without a restart.
 *
 * <p>Implementations are Spring beans (an external jar contributes one through its own Boot
 * auto-configuration); the catalog's registry collects them by {@link #type()} and refuses to
 * start when two share a key. Implementations must be thread-safe and keep no per-department
 * state that outlives a call, except caches keyed by department (e.g. OAuth2 tokens).
 */
public interface DepartmentAdapter {

    /**
     * @return the stable kebab-case key of this type, e.g. {@code rest-json}; stored with every
     *     department that uses it, so it never changes
     */
    String type();

    /** @return one sentence for integrators: what departments this type is for */
    String description();

    /** @return the settings a department of this type has, which ones are required and secret */
    List<SettingDescriptor> settings();

    /**
     * Checks a department's settings when it is created or changed, before anything is saved.
     *
     * @param settings the settings, secrets included (decrypted)
     * @return the problems found, empty when the settings are usable
     */
    List<SettingProblem> validate(AdapterSettings settings);

    /**
     * Checks one operation of a catalogue entry served by this type, when the entry is created or
     * changed (e.g. {@code rest-json} needs a method and a path; {@code bbps-biller} knows only
     * {@code fetch-bill} and {@code confirm-payment}). Refuse whatever the type would not apply (a
     * response mapping where answers are mapped in code, options it does not read, a path it does
     * not call) rather than ignore it: an integrator who wrote it believes it is in force.
     *
     * @param operation the operation as the catalogue will hold it
     * @return the problems found, empty when the operation is usable; keys name operation fields
     */
    default List<SettingProblem> validateOperation(OperationSpec operation) {
        return List.of();
    }

    /**
     * Names the operations only the platform's own services may call, never a citizen, e.g. a
     * biller's {@code confirm-payment}, which tells the biller that a bill was paid. The catalogue
     * refuses to store such an operation callable by citizens (visibility {@code CITIZEN}), and an
     * invocation refuses a citizen's call of it whatever the stored visibility says.
     *
     * @param operationCode an operation's code
     * @return whether citizens must never call it
     */
    default boolean serviceOnly(String operationCode) {
        return false;
    }

    /**
     * Calls the department for one operation. The caller runs this inside the department's
     * bulkhead, time limiter and circuit breaker; the adapter still honours
     * {@link InvocationRequest#timeout()} on its own connections.
     *
     * @param request the operation, its validated input and the call's context
     * @param settings the department's settings, secrets decrypted
     * @return the department's answer, raw and mapped, or its refusal
     * @throws DepartmentCallException when the department fails, times out or answers garbage
     */
    AdapterResponse invoke(InvocationRequest request, AdapterSettings settings) throws DepartmentCallException;

    /**
     * Checks that the department is reachable with these settings, without a citizen's data.
     *
     * @param settings the department's settings, secrets decrypted
     * @return the outcome and its latency
     */
    ProbeResult probe(AdapterSettings settings);
}
