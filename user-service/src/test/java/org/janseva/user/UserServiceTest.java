package org.janseva.user;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.janseva.platform.test.EmbeddedPostgresTest;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

/**
 * Every Spring test of user-service: one shared context (real PostgreSQL, real HTTP), with the
 * SMS gateway, payment-service and catalog-service as real HTTP stubs ({@link
 * UserServiceTestSupport}) and a {@link MutableClock}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@EmbeddedPostgresTest(database = "users")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@ContextConfiguration(initializers = UserServiceTestSupport.Initializer.class)
@Import(UserServiceTestSupport.ClockConfiguration.class)
public @interface UserServiceTest {}
