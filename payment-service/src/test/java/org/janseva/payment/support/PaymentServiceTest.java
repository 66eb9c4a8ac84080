package org.janseva.payment.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.janseva.platform.test.EmbeddedPostgresTest;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextConfiguration;

/**
 * payment-service on a random port with a real PostgreSQL, the test token issuer, the catalog
 * stub and the simulator's payment gateway; one cached context for every class that uses it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@EmbeddedPostgresTest(database = "payments")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = PaymentTestEnvironment.class)
@Import(TestClockConfiguration.class)
public @interface PaymentServiceTest {}
