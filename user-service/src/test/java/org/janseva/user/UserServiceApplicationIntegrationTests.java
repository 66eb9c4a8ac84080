package org.janseva.user;

import org.janseva.platform.test.AbstractDatabaseServiceIntegrationTests;
import org.janseva.platform.test.EmbeddedPostgresTest;
import org.springframework.boot.test.context.SpringBootTest;

@EmbeddedPostgresTest(database = "users")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class UserServiceApplicationIntegrationTests extends AbstractDatabaseServiceIntegrationTests {}
