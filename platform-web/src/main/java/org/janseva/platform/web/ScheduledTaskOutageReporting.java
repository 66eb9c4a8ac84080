package org.janseva.platform.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import org.springframework.core.Ordered;
import org.springframework.scheduling.SchedulingAwareRunnable;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.Trigger;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Reports the runs of {@code @Scheduled} methods that fail because the database is unavailable
 * through {@link ScheduledTaskOutages} (one short WARN a minute per task, an INFO when it succeeds
 * again) instead of the scheduler's ERROR with a stack trace on every run. Any other exception goes
 * on to the scheduler's error handler as before: an ERROR {@code Unexpected error occurred in
 * scheduled task} with its stack trace.
 *
 * <p>It wraps the scheduler the registrar schedules with, so every task is wrapped inside the
 * scheduler's error handling, with its name and each run's outcome, whichever scheduler Boot made.
 * An {@code ErrorHandler} set through Boot's {@code ThreadPoolTaskSchedulerCustomizer} and {@code
 * SimpleAsyncTaskSchedulerCustomizer} sees the exception alone (no task, no success), and a {@code
 * TaskDecorator} does not do either: {@code ThreadPoolTaskScheduler} applies it around the error
 * handling, and {@code SimpleAsyncTaskScheduler} (virtual threads, Java 21+: the services' images)
 * not at all to fixed-delay tasks, which run on its scheduler thread.
 */
final class ScheduledTaskOutageReporting implements SchedulingConfigurer, Ordered {

    private final ScheduledTaskOutages outages;

    ScheduledTaskOutageReporting(ScheduledTaskOutages outages) {
        this.outages = outages;
    }

    /** Last: wraps whichever scheduler other configurers may have set. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        TaskScheduler scheduler = registrar.getScheduler();
        if (scheduler != null && !(scheduler instanceof ReportingTaskScheduler)) {
            registrar.setTaskScheduler(new ReportingTaskScheduler(scheduler, outages));
        }
    }

    /** Hands every task to the scheduler wrapped in a {@link ReportedTask}. */
    static final class ReportingTaskScheduler implements TaskScheduler {

        private final TaskScheduler scheduler;
        private final ScheduledTaskOutages outages;

        ReportingTaskScheduler(TaskScheduler scheduler, ScheduledTaskOutages outages) {
            this.scheduler = scheduler;
            this.outages = outages;
        }

        @Override
        public Clock getClock() {
            return scheduler.getClock();
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable task, Trigger trigger) {
            return scheduler.schedule(wrap(task), trigger);
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable task, Instant startTime) {
            return scheduler.schedule(wrap(task), startTime);
        }

        @Override
        public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, Instant startTime, Duration period) {
            return scheduler.scheduleAtFixedRate(wrap(task), startTime, period);
        }

        @Override
        public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, Duration period) {
            return scheduler.scheduleAtFixedRate(wrap(task), period);
        }

        @Override
        public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Instant startTime, Duration delay) {
            return scheduler.scheduleWithFixedDelay(wrap(task), startTime, delay);
        }

        @Override
        public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Duration delay) {
            return scheduler.scheduleWithFixedDelay(wrap(task), delay);
        }

        private Runnable wrap(Runnable task) {
            return new ReportedTask(task, ScheduledTaskOutages.name(task), outages);
        }
    }

    /**
     * One task: a run that failed for the database is reported and ends there; any other exception
     * goes on to the scheduler. A {@link SchedulingAwareRunnable}, like the task it wraps: Spring's
     * {@code TaskSchedulerRouter} picks the scheduler by the task's qualifier.
     */
    static final class ReportedTask implements SchedulingAwareRunnable {

        private final Runnable task;
        private final String name;
        private final ScheduledTaskOutages outages;

        ReportedTask(Runnable task, String name, ScheduledTaskOutages outages) {
            this.task = task;
            this.name = name;
            this.outages = outages;
        }

        @Override
        public void run() {
            try {
                task.run();
            } catch (RuntimeException ex) {
                if (!DatabaseUnavailable.isCauseOf(ex)) {
                    throw ex;
                }
                outages.failed(name, ex);
                return;
            }
            outages.succeeded(name);
        }

        @Override
        public boolean isLongLived() {
            return task instanceof SchedulingAwareRunnable aware && aware.isLongLived();
        }

        @Override
        public String getQualifier() {
            return task instanceof SchedulingAwareRunnable aware ? aware.getQualifier() : null;
        }

        @Override
        public String toString() {
            return task.toString();
        }
    }
}
