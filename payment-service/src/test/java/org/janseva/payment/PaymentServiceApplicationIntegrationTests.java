package org.janseva.payment;

import org.janseva.platform.test.AbstractDatabaseServiceIntegrationTests;
import org.janseva.platform.test.EmbeddedPostgresTest;
import org.springframework.boot.test.context.SpringBootTest;

@EmbeddedPostgresTest(database = "payments")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PaymentServiceApplicationIntegrationTests extends AbstractDatabaseServiceIntegrationTests {}
