/**
 * The department-adapter SPI. An adapter type implements {@link org.janseva.adapter.spi.DepartmentAdapter};
 * everything else here is a value type it receives or returns. This module depends on the JDK
 * alone, so an adapter jar built against it carries no framework version with it.
 */
package org.janseva.adapter.spi;
