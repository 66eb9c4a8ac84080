package org.janseva.platform.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Points a Spring test's resource-server support ({@code platform.security.issuer},
 * {@code audience}, {@code jwk-set-uri}, {@code client.token-uri}) at the JVM's shared
 * {@link TestTokenIssuer}, so the service verifies tokens over real HTTP without user-service.
 * Every test class carrying it shares one cached context configuration.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface WithTestTokenIssuer {}
