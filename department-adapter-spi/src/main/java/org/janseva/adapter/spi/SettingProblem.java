package org.janseva.adapter.spi;

/**
 * One thing wrong with a department's settings.
 *
 * @param setting the setting's key
 * @param message what is wrong, for the integrator
 */
public record SettingProblem(String setting, String message) {}
