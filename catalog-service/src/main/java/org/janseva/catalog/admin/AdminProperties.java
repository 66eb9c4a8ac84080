package org.janseva.catalog.admin;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code platform.catalog.admin.*}.
 *
 * @param healthWindow the window of recent calls a department's health reports by default
 * @param maxHealthWindow the longest window that may be asked for
 */
@Validated
@ConfigurationProperties("platform.catalog.admin")
record AdminProperties(
        @NotNull Duration healthWindow, @NotNull Duration maxHealthWindow) {}
