package org.janseva.payment.payment;

import java.util.List;

/** A page of the citizen's payments, newest first. */
record PaymentPageView(List<PaymentView> items, PageView page) {

    record PageView(int number, int size, long totalElements, long totalPages) {}
}
