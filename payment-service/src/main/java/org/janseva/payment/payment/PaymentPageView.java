package org.janseva.payment.payment;

import java.util.List;
import org.janseva.payment.system.PageView;

/** A page of the citizen's payments, newest first. */
record PaymentPageView(List<PaymentView> items, PageView page) {}
