package org.janseva.user.auth;

import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Runs SMS work after the citizen's answer has gone: a few sender threads and a bounded queue, in
 * memory. The OTP is in the text, and OTPs are stored only as HMACs, so the work is not written to
 * the database: a code lost with a stopping instance is asked for again, as one the SMS provider
 * lost would be. On shutdown the threads finish what is queued, for a few seconds at most.
 */
@Component
class SmsQueue implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(SmsQueue.class);

    private final ThreadPoolExecutor executor;

    SmsQueue(SmsProperties properties) {
        AtomicInteger threads = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(
                properties.senderThreads(),
                properties.senderThreads(),
                0,
                TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(properties.queueCapacity()),
                task -> {
                    Thread thread = new Thread(task, "sms-sender-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                },
                new ThreadPoolExecutor.AbortPolicy());
    }

    /**
     * @param work what to do, on a sender thread, with the caller's log context (request id)
     * @return {@code false} when the queue is full and the work was dropped
     */
    boolean submit(Runnable work) {
        Map<String, String> context = MDC.getCopyOfContextMap();
        try {
            executor.execute(() -> {
                if (context != null) {
                    MDC.setContextMap(context);
                }
                try {
                    work.run();
                } catch (RuntimeException ex) {
                    log.warn("An SMS task failed: {}", ex.getClass().getSimpleName());
                } finally {
                    MDC.clear();
                }
            });
            return true;
        } catch (RejectedExecutionException ex) {
            return false;
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        executor.shutdown();
        if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
            log.warn(
                    "{} queued SMS were not sent before shutdown",
                    executor.shutdownNow().size());
        }
    }
}
