package org.janseva.user;

import org.janseva.platform.test.AbstractDatabaseServiceIntegrationTests;
import org.janseva.platform.test.EmbeddedPostgresTest;
import org.janseva.platform.test.TestHttp;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

@EmbeddedPostgresTest(database = "users")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class UserServiceApplicationIntegrationTests extends AbstractDatabaseServiceIntegrationTests {

    @Override
    protected String authorization() {
        return "Bearer "
                + TestHttp.json(ClientCredentials.request(http, "platform-admin", "local-admin-secret", "admin"))
                        .path("access_token")
                        .asString();
    }
}
