package org.janseva.user;

import org.janseva.platform.test.AbstractDatabaseServiceIntegrationTests;

@UserServiceTest
class UserServiceApplicationIntegrationTests extends AbstractDatabaseServiceIntegrationTests {

    @Override
    protected String authorization() {
        return "Bearer "
                + new UserServiceTestSupport.Citizen(http).accessToken("platform-admin", "local-admin-secret", "admin");
    }
}
