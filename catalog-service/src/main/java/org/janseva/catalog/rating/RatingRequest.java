package org.janseva.catalog.rating;

/**
 * {@code PUT /api/v1/catalog/services/{code}/rating}.
 *
 * @param stars 1 to 5
 * @param comment optional, at most 1000 characters
 */
record RatingRequest(Integer stars, String comment) {}
