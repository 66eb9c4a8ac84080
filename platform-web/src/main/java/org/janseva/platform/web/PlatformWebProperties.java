package org.janseva.platform.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the shared web infrastructure.
 *
 * @param maxRequestBody the largest request body a service accepts
 */
@Validated
@ConfigurationProperties("platform.web")
public record PlatformWebProperties(@DefaultValue("1MB") DataSize maxRequestBody) {}
