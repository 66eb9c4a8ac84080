package org.janseva.platform.web;

/**
 * One entry of a {@code VALIDATION_FAILED} problem's {@code errors} list.
 *
 * @param field the JSON field, parameter or header that was wrong
 * @param message what is wrong with it, in words a client developer understands
 */
public record FieldErrorView(String field, String message) {}
