package org.janseva.simulator.pg;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a handler of the merchant API: {@link MerchantKeyInterceptor} checks the merchant's key
 * before anything of the request is read, so that a caller without it learns nothing, not even
 * which fields a body needs.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@interface MerchantApi {}
