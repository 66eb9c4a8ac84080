package org.janseva.platform.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Points a Spring test's datasource at a database on the JVM's shared embedded PostgreSQL
 * ({@link SharedEmbeddedPostgres}); use it next to {@code @SpringBootTest} or {@code @DataJpaTest}.
 * Flyway migrates the database as it does in production.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface EmbeddedPostgresTest {

    /** @return the database's name, e.g. {@code catalog} */
    String database();
}
