package org.janseva.simulator.pg;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import org.janseva.platform.web.ApiException;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The merchant API's credentials check: HTTP Basic with the merchant key, compared in constant
 * time, for every handler marked {@link MerchantApi}. It runs before the handler's arguments
 * are resolved, so a request without the key is a 401 whatever its body or parameters (checked
 * in the handler, the body's validation answered first and told an anonymous caller which
 * fields an order needs).
 */
@Configuration(proxyBeanMethods = false)
class MerchantKeyInterceptor implements HandlerInterceptor, WebMvcConfigurer {

    private final byte[] expected;

    MerchantKeyInterceptor(PaymentGatewayProperties properties) {
        this.expected = ("Basic "
                        + Base64.getEncoder()
                                .encodeToString((properties.keyId() + ":" + properties.keySecret())
                                        .getBytes(StandardCharsets.UTF_8)))
                .getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/pg/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod method) || !method.hasMethodAnnotation(MerchantApi.class)) {
            return true;
        }
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !MessageDigest.isEqual(expected, authorization.getBytes(StandardCharsets.UTF_8))) {
            throw new ApiException(
                    HttpStatus.UNAUTHORIZED,
                    "UNAUTHENTICATED",
                    "Authentication required",
                    "The merchant API needs the merchant key as HTTP Basic credentials.");
        }
        return true;
    }
}
