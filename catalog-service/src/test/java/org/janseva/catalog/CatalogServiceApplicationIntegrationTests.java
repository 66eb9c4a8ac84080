package org.janseva.catalog;

import org.janseva.platform.test.AbstractDatabaseServiceIntegrationTests;
import org.janseva.platform.test.EmbeddedPostgresTest;
import org.springframework.boot.test.context.SpringBootTest;

@EmbeddedPostgresTest(database = "catalog")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CatalogServiceApplicationIntegrationTests extends AbstractDatabaseServiceIntegrationTests {}
