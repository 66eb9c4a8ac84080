package org.janseva.catalog.adapter.restjson;

import org.janseva.catalog.adapter.DepartmentAuth;
import org.janseva.catalog.adapter.DepartmentHttp;

/** Builds a {@link RestJsonAdapter} for tests of types built on it. */
public final class RestJsonAdapterAccess {

    private RestJsonAdapterAccess() {}

    public static RestJsonAdapter restJson(DepartmentHttp http, DepartmentAuth auth) {
        return new RestJsonAdapter(http, auth);
    }
}
