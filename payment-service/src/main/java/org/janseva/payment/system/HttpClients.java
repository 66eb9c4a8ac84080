package org.janseva.payment.system;

import java.time.Duration;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;

/**
 * Request factories for payment-service's outgoing calls: Apache HttpClient 5 (classic, blocking)
 * with a connection pool per target, so that the calling thread does the I/O itself.
 */
public final class HttpClients {

    private HttpClients() {}

    /**
     * @param connectTimeout the connect timeout
     * @param readTimeout the socket (read) timeout
     * @param maxConnections the pool's size
     * @return a pooled request factory
     */
    public static ClientHttpRequestFactory pooled(Duration connectTimeout, Duration readTimeout, int maxConnections) {
        CloseableHttpClient client = org.apache.hc.client5.http.impl.classic.HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(maxConnections)
                        .setMaxConnPerRoute(maxConnections)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.of(connectTimeout))
                                .setSocketTimeout(Timeout.of(readTimeout))
                                .setTimeToLive(TimeValue.ofMinutes(5))
                                .build())
                        .build())
                .disableCookieManagement()
                .disableAutomaticRetries()
                .evictIdleConnections(TimeValue.ofSeconds(30))
                .build();
        HttpComponentsClientHttpRequestFactory factory = new HttpComponentsClientHttpRequestFactory(client);
        factory.setConnectionRequestTimeout(connectTimeout);
        return factory;
    }
}
